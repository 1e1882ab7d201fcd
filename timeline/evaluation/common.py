"""What the evaluations share: error categories and the JSON form of a result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar


class _Error(Protocol):
    kind: str
    category: str

    def to_dict(self) -> dict[str, Any]: ...


class _Counts(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


C = TypeVar("C")
E = TypeVar("E")


def error_categories(
    errors: Iterable[_Error], kinds: Iterable[str] | None = None
) -> list[tuple[str, int]]:
    """Error categories with counts, most frequent first (``kinds`` restricts them)."""
    wanted = set(kinds) if kinds is not None else None
    counter = Counter(e.category for e in errors if wanted is None or e.kind in wanted)
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def result_dict(
    task: str,
    overall: _Counts,
    by_corpus: Mapping[str, _Counts],
    errors: tuple[_Error, ...],
) -> dict[str, Any]:
    """The JSON form of an evaluation: figures overall and by corpus, then every error."""
    return {
        "task": task,
        "overall": overall.to_dict(),
        "by_corpus": {name: c.to_dict() for name, c in by_corpus.items()},
        "error_counts": dict(Counter(e.kind for e in errors)),
        "error_categories": [
            {"category": c, "count": n} for c, n in error_categories(errors)
        ],
        "errors": [e.to_dict() for e in errors],
    }


def accumulate(
    gold_docs: Sequence[Any],
    system_outputs: Sequence[Any],
    score_document: Callable[[Any, Any], tuple[C, list[E]]],
    empty: Callable[[], C],
) -> tuple[C, dict[str, C], tuple[E, ...]]:
    """Score each document and sum the counts, overall and by corpus (one system output per
    gold document, same order)."""
    if len(gold_docs) != len(system_outputs):
        raise ValueError(
            f"{len(gold_docs)} gold documents but {len(system_outputs)} system outputs"
        )
    overall = empty()
    by_corpus: dict[str, C] = {}
    errors: list[E] = []
    for doc, system in zip(gold_docs, system_outputs, strict=True):
        counts, doc_errors = score_document(doc, system)
        overall = overall + counts  # type: ignore[operator]
        corpus_total = by_corpus.get(doc.corpus, empty())
        by_corpus[doc.corpus] = corpus_total + counts  # type: ignore[operator]
        errors.extend(doc_errors)
    return overall, by_corpus, tuple(errors)
