"""The package's import graph has no circles (``scripts/import_cycles.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_cycles",
                                                  ROOT / "scripts" / "import_cycles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_timeline_has_no_import_cycles() -> None:
    script = _script()
    cycles = script.cycles(script.import_graph(ROOT / "timeline"))
    assert cycles == [], "import cycles (late imports included): " + "; ".join(
        " -> ".join(c) for c in cycles)


def test_the_script_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.sub import b\n")
    (package / "sub" / "__init__.py").write_text("from pkg import __version__\n")
    (package / "sub" / "b.py").write_text("def f():\n    from pkg.a import x\n")
    script = _script()
    graph = script.import_graph(package)
    assert graph["pkg.sub"] == set()  # a parent package is no edge
    assert script.cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.a"]]
