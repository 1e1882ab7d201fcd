"""Long inputs: time and peak memory of one report of 1, 2 and 6 MB (by default).

    python bench/long_input.py [--sizes 1 2 6] [--json PATH]

The report is made of the bundled fixture articles, repeated with their paragraphs in a
shuffled order (fixed seed), so that it reads like a long compilation of news. Each size runs
in a fresh process (``timeline extract --json``) so that its peak resident memory is its own;
the time is the wall-clock time of that process, model load included, and the per-MB figure
subtracts the time of a run on the first article alone (load and start-up). The last column
says how time grows: seconds per MB relative to the smallest size (1.00 = linear). The
machine is shared and noisy: compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
MB = 1_000_000


def make_report(size: int, seed: int = 7) -> str:
    """About ``size`` characters of news paragraphs, separated by blank lines."""
    paragraphs = [p.strip() for a in ARTICLES
                  for p in a.read_text(encoding="utf-8").split("\n") if p.strip()]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            out.append(p)
            total += len(p) + 2
            if total >= size:
                break
    return "\n\n".join(out)


def run_once(path: Path) -> tuple[float, float]:
    """Wall-clock seconds and peak resident MB of ``timeline extract`` on ``path``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "timeline", "extract", str(path), "--published", "2025-03-14",
         "--json", str(path.with_suffix(".json")), "--quiet"],
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"timeline failed on {path}: {proc.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # RUSAGE_CHILDREN is the largest child so far: run sizes in increasing order
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 6],
                        help="sizes in MB (millions of characters), increasing")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.txt"
        base.write_text(ARTICLES[0].read_text(encoding="utf-8"), encoding="utf-8")
        startup, _ = run_once(base)
        print(f"start-up (one short article): {startup:.1f} s")
        print(f"{'MB':>5} {'chars':>10} {'seconds':>8} {'s/MB':>6} {'peak MB':>8} "
              f"{'events':>7} {'s/MB ratio':>10}")
        for size in sorted(args.sizes):
            path = Path(tmp) / f"report-{size:g}.txt"
            text = make_report(int(size * MB))
            path.write_text(text, encoding="utf-8")
            seconds, peak = run_once(path)
            data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            per_mb = (seconds - startup) / (len(text) / MB)
            rows.append({"mb": size, "chars": len(text), "seconds": round(seconds, 2),
                         "seconds_per_mb": round(per_mb, 2), "peak_mb": round(peak),
                         "events": len(data["events"]),
                         "time_expressions": len(data["time_expressions"])})
            ratio = per_mb / rows[0]["seconds_per_mb"]
            print(f"{size:>5g} {len(text):>10,} {seconds:>8.1f} {per_mb:>6.1f} {peak:>8.0f} "
                  f"{len(data['events']):>7,} {ratio:>10.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"startup_seconds": round(startup, 2),
                                               "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
