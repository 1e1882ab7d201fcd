"""A bounded fuzz run of the whole extractor, and the replay of the inputs it once broke on.

``test_fuzz_extractor`` feeds random and mutated article text (windows of the bundled
articles and of the seed, with characters, date words, numbers, punctuation and line breaks
inserted, deleted, duplicated and swapped) to :func:`timeline.extract` for
``TIMELINE_FUZZ_SECONDS`` seconds (45 by default; a fixed ``TIMELINE_FUZZ_SEED`` makes a
run repeatable). Every output must validate against the schema and point at its own text.

When an input breaks the extractor, the test fails, saves the input as
``tests/regressions/fuzz-<hash>.json`` ({"text", "published"}) and names it; once fixed,
the file stays there and ``test_regressions`` replays it on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import time
import traceback
from pathlib import Path

import pytest

from timeline import extract
from timeline.ingest import TimelineError
from timeline.schema import validate

HERE = Path(__file__).resolve().parent
REGRESSIONS = HERE / "regressions"
FIXTURES = HERE.parent / "fixtures"
SEED_ARTICLE = HERE.parent.parent / "shared" / "seeds" / "unconditional-support-to-syria.txt"

FUZZ_SECONDS = float(os.environ.get("TIMELINE_FUZZ_SECONDS", "45"))
FUZZ_SEED = int(os.environ.get("TIMELINE_FUZZ_SEED", "20241203"))

TOKENS = [
    "Monday", "Tuesday", "Friday", "Sunday", "January", "February 30", "March", "May", "Dec.",
    "2024", "1998", "30000", "0", "99", "1,000", "3.5", "last", "next", "this", "ago", "later",
    "earlier", "since", "until", "two days", "a week", "the past year", "the 1990s", "'90s",
    "Q3", "the third quarter", "fiscal 2025", "today", "tonight", "yesterday", "tomorrow",
    "now", "9:30 a.m.", "noon", "midnight", "spring", "the year-ago period", "century",
    "said", "will", "had", "has been", "attacked", "the attack", "-", "--", ",", ".", ";", ":",
    "!", "?", "(", ")", '"', "“", "”", "'", "’s", "\n", "\n\n", "\t", " ", "  ", "\u00a0",
    "\u200b", "\ufeff", "\u202e", "é", "ß", "Ω", "日本", "🎉", "\x00", "\x1b[31m", "&amp;",
    "<script>", "%s", "{}", "\\", "/", "http://x.y/2024/12/03", "2024-12-03", "03/12/2024",
    "12.03.2024", "2024-W48", "P3D", "XXXX",
]


def base_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "articles").glob("*.txt"))]
    if SEED_ARTICLE.exists():
        texts.append(SEED_ARTICLE.read_text(encoding="utf-8"))
    return texts or ["The rebels attacked the city on Monday. Two days later the army withdrew."]


def mutate(rng: random.Random, text: str) -> str:
    """A few random edits of ``text``."""
    chars = list(text)
    for _ in range(rng.randint(1, 12)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.35:  # insert a token
            chars[pos:pos] = list(rng.choice(TOKENS) + rng.choice(["", " "]))
        elif op < 0.5 and chars:  # delete a stretch
            del chars[pos : pos + rng.randint(1, 40)]
        elif op < 0.6 and chars:  # duplicate a stretch
            piece = chars[pos : pos + rng.randint(1, 200)]
            chars[pos:pos] = piece
        elif op < 0.7 and len(chars) > 2:  # swap two stretches
            a, b = sorted(rng.sample(range(len(chars)), 2))
            n = rng.randint(1, 30)
            chars[a : a + n], chars[b : b + n] = chars[b : b + n], chars[a : a + n]
        elif op < 0.8:  # random code points
            chars[pos:pos] = [chr(rng.choice([rng.randint(32, 126), rng.randint(0, 0x2FFF)]))
                              for _ in range(rng.randint(1, 8))]
        elif op < 0.9 and chars:  # change case
            piece = "".join(chars[pos : pos + 30])
            chars[pos : pos + 30] = list(piece.upper() if rng.random() < 0.5 else piece.lower())
        else:  # digits
            chars[pos:pos] = list(str(rng.randint(0, 10 ** rng.randint(1, 7))))
    return "".join(chars)


def random_text(rng: random.Random) -> str:
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 120)))


def random_published(rng: random.Random) -> dt.date:
    if rng.random() < 0.8:
        return dt.date(2024, 12, 3)
    return dt.date.fromordinal(rng.randint(dt.date(1, 1, 1).toordinal(),
                                           dt.date(9999, 12, 31).toordinal()))


def check_one(text: str, published: dt.date | str) -> None:
    """The extractor's contract on any text: a valid timeline, or a TimelineError."""
    try:
        tl = extract(text, published)
    except TimelineError:
        return
    data = tl.to_dict()
    validate(data)
    for tx in tl.time_expressions:
        assert text[tx.start : tx.end] == tx.text
        if tx.interval is not None:
            assert tx.interval.start <= tx.interval.end
    for ev in tl.events:
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text
    json.loads(tl.to_json())


def save_regression(text: str, published: dt.date | str) -> Path:
    payload = json.dumps({"text": text, "published": str(published)}, ensure_ascii=False)
    name = f"fuzz-{hashlib.sha256(payload.encode()).hexdigest()[:12]}.json"
    try:
        REGRESSIONS.mkdir(exist_ok=True)
        path = REGRESSIONS / name
        path.write_text(payload + "\n", encoding="utf-8")
    except OSError:  # a read-only checkout: keep it in the temporary folder
        import tempfile

        path = Path(tempfile.gettempdir()) / name
        path.write_text(payload + "\n", encoding="utf-8")
    return path


def test_fuzz_extractor() -> None:
    rng = random.Random(FUZZ_SEED)
    texts = base_texts()
    deadline = time.monotonic() + FUZZ_SECONDS
    runs = 0
    while runs < 5 or time.monotonic() < deadline:
        if rng.random() < 0.15:
            text = random_text(rng)
        else:
            base = rng.choice(texts)
            start = rng.randint(0, max(0, len(base) - 200))
            text = mutate(rng, base[start : start + rng.randint(50, 1500)])
        published = random_published(rng)
        try:
            check_one(text, published)
        except Exception:
            path = save_regression(text, published)
            pytest.fail(f"the extractor broke on a fuzzed input, saved as {path} "
                        f"(run {runs}, seed {FUZZ_SEED}):\n{traceback.format_exc()}")
        runs += 1
    assert runs >= 5


def regression_cases() -> list[Path]:
    return sorted(REGRESSIONS.glob("*.json")) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("case", regression_cases(), ids=lambda p: p.stem)
def test_regressions(case: Path) -> None:
    data = json.loads(case.read_text(encoding="utf-8"))
    check_one(data["text"], data["published"])
