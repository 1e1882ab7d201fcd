"""Entity timelines for entities named by a phrase, an index, a currency, an exchange or an
institution (issue 22): table tests of the matcher on our own sentences, and our own
fixture articles (``fixtures/entities``) run end to end through ``timeline batch --merge
--entity`` and scored against their expected timelines (``fixtures/entities/expected.toml``).

``python tests/test_entity_shapes.py`` prints the figures of every fixture entity.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = ROOT / "fixtures" / "entities"


def expected_entities() -> list[dict[str, Any]]:
    data = tomllib.loads((ENTITIES / "expected.toml").read_text(encoding="utf-8"))
    return list(data["entity"])


@dataclass(frozen=True)
class Score:
    entity: str
    gold: int
    system: int
    found: int  # expected events the merged timeline has (document and trigger)
    dated: int  # ... with the expected date

    @property
    def precision(self) -> float:
        return self.found / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _doc(name: str) -> str:
    return name.removesuffix(".txt")


def _same_date(expected: str, value: str) -> bool:
    """The expected date, or a time on the expected day ("2025-08-05T10:15")."""
    return value == expected or (len(expected) == 10 and value.startswith(expected + "T"))


def score(entity: dict[str, Any], merged: dict[str, Any]) -> Score:
    """The merged timeline's events against the expected ones: an event is found when an
    event of its document has its trigger (each system event used once); dated when the
    date value is the expected one ("" for undated; a time on the expected day counts)."""
    system: Counter[tuple[str, str]] = Counter()
    dates: dict[tuple[str, str], list[str]] = {}
    for ev in merged["events"]:
        for src in ev["sources"]:
            key = (_doc(src["document"]), src["trigger"].lower())
            system[key] += 1
            dates.setdefault(key, []).append((ev.get("time") or {}).get("value") or "")
    found = dated = 0
    left = Counter(system)
    for doc, trigger, date in entity["events"]:
        key = (doc, trigger.lower())
        if left[key] > 0:
            left[key] -= 1
            found += 1
            if any(_same_date(date, value) for value in dates.get(key, [])):
                dated += 1
    return Score(entity["name"], len(entity["events"]), sum(system.values()), found, dated)


def run_batch(name: str, out: Path) -> dict[str, Any]:
    """``python -m timeline batch fixtures/entities --out OUT --merge --entity NAME``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "batch", str(ENTITIES), "--out", str(out),
         "--merge", "--entity", name, "--quiet"],
        capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads((out / "timeline.json").read_text(encoding="utf-8")))


def batch_in_process(name: str, out: Path) -> dict[str, Any]:
    """The same batch through :func:`timeline.cli.main` (the pipeline loaded once)."""
    from timeline.cli import main

    assert main(["batch", str(ENTITIES), "--out", str(out), "--merge", "--entity", name,
                 "--quiet"]) == 0
    return dict(json.loads((out / "timeline.json").read_text(encoding="utf-8")))


def figures(out: Path) -> list[Score]:
    return [score(ent, batch_in_process(ent["name"], out / str(i)))
            for i, ent in enumerate(expected_entities())]


def table(scores: list[Score]) -> str:
    lines = [f"{'entity':32} {'F1':>6} {'P':>6} {'R':>6} {'found':>5} {'gold':>4} "
             f"{'sys':>4} {'dated':>5}"]
    for s in scores:
        lines.append(f"{s.entity:32} {100 * s.f1:6.1f} {100 * s.precision:6.1f} "
                     f"{100 * s.recall:6.1f} {s.found:5} {s.gold:4} {s.system:4} {s.dated:5}")
    held_out = {e["name"] for e in expected_entities() if e.get("held_out")}
    for what, part in (("micro average", scores),
                       ("  development", [s for s in scores if s.entity not in held_out]),
                       ("  held out", [s for s in scores if s.entity in held_out])):
        total = micro(what, part)
        lines.append(f"{total.entity:32} {100 * total.f1:6.1f} {100 * total.precision:6.1f} "
                     f"{100 * total.recall:6.1f} {total.found:5} {total.gold:4} "
                     f"{total.system:4} {total.dated:5}")
    return "\n".join(lines)


def micro(what: str, scores: list[Score]) -> Score:
    return Score(what, sum(s.gold for s in scores), sum(s.system for s in scores),
                 sum(s.found for s in scores), sum(s.dated for s in scores))


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(table(figures(Path(tmp))))
