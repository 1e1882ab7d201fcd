"""List the import cycles among the modules of the ``timeline`` package.

    python scripts/import_cycles.py [--root timeline] [--top-level-only]

Reads every module with ``ast`` (nothing is imported) and draws an edge A -> B for each
``import``/``from ... import`` of a ``timeline`` module in A, including the imports inside
functions (a late import only hides a circle from the interpreter, it is still one). An
import of one of A's own parent packages (``from timeline import __version__`` in
``timeline.summarize.corpus``) is no edge: a package is imported before its modules anyway.
``from pkg import name`` points to ``pkg.name`` when that is a module, else to ``pkg``.

Prints each strongly connected component of more than one module with one shortest cycle
through each of its edges, and exits 1 when there is any cycle (0 otherwise).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_names(package_dir: Path) -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    base = package_dir.parent
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, target] if target else parts)


def import_graph(
    package_dir: Path, top_level_only: bool = False
) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (see the module docstring)."""
    modules = module_names(package_dir)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        nodes = tree.body if top_level_only else list(ast.walk(tree))
        for node in nodes:
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = _resolve_relative(name, path.name == "__init__.py", node.level,
                                             node.module)
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in modules else base)
            for target in targets:
                # "import a.b.c" names the deepest module the package has
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if not target or target == name or name.startswith(target + "."):
                    continue
                graph[name].add(target)
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's components of more than one module, each sorted, sorted by first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _path(graph: dict[str, set[str]], start: str, goal: str, within: set[str]) -> list[str]:
    """A shortest path start -> goal inside ``within`` (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        v = queue.popleft()
        if v == goal:
            path = [v]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for w in sorted(graph[v] & within):
            if w not in previous:
                previous[w] = v
                queue.append(w)
    return []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One shortest cycle through each edge of each component, without repeats (a cycle is
    written from its smallest module: ``[a, b, a]``)."""
    seen: set[tuple[str, ...]] = set()
    out: list[list[str]] = []
    for component in strongly_connected(graph):
        members = set(component)
        for v in component:
            for w in sorted(graph[v] & members):
                loop = [v, *_path(graph, w, v, members)]
                ring = loop[:-1]
                k = ring.index(min(ring))
                key = tuple(ring[k:] + ring[:k])
                if key not in seen:
                    seen.add(key)
                    out.append([*key, key[0]])
    return sorted(out, key=lambda c: (len(c), c))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT / "timeline")
    parser.add_argument("--top-level-only", action="store_true",
                        help="only the imports at module level (what the interpreter sees at "
                             "import time)")
    args = parser.parse_args(argv)
    graph = import_graph(args.root, args.top_level_only)
    found = cycles(graph)
    components = strongly_connected(graph)
    print(f"{len(graph)} modules, {sum(map(len, graph.values()))} imports, "
          f"{len(components)} circular components, {len(found)} cycles")
    for component in components:
        print(f"component of {len(component)}: {', '.join(component)}")
    for loop in found:
        print("  " + " -> ".join(loop))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
