"""Token attributes of a parsed document, read once from spaCy's arrays.

Every ``doc[i]``, ``for t in doc``, ``token.head`` or ``span[0]`` makes a new spaCy
``Token`` object; the walks over the parse made 860,000 of them on 60 TBAQ documents, and
several built a dictionary of all the document's tokens each. :func:`token_table` reads
the attributes those walks need from ``Doc.to_array`` once per document, as plain lists of
ints; a walk then makes a ``Token`` only for the tokens it keeps.

The table of the document being worked on is kept (one document: the pipeline builds one
timeline at a time, and every step of it shares the table); a table is never stored in the
``Doc`` (``doc.user_data`` goes into its serialization).

Use::

    from timeline.tokens import token_at, token_table

    tok = token_at(doc, char_offset)       # the token starting there, or None
    table = token_table(doc)
    table.pos[i] == VERB                   # spacy.symbols ids; table.head[i] is an index
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import HEAD, IDX, LEMMA, POS
from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class TokenTable:
    """Per-token attributes of one document, by token index."""

    #: character offset of each token (``Token.idx``)
    idx: list[int]
    #: index of each token's syntactic head (its own index for a root: ``Token.head.i``)
    head: list[int]
    #: coarse part of speech, as a ``spacy.symbols`` id (``Token.pos``)
    pos: list[int]
    #: lemma, as a string-store hash (``Token.lemma``)
    lemma: list[int]
    #: character offset -> index of the token starting there
    by_start: dict[int, int]


_LAST: list[tuple[Doc, TokenTable]] = []


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, made on the first call for it."""
    if _LAST and _LAST[0][0] is doc:
        return _LAST[0][1]
    columns = doc.to_array([IDX, HEAD, POS, LEMMA]).astype("int64").T.tolist() if len(doc) \
        else [[], [], [], []]
    idx, rel_head, pos, lemma = columns
    table = TokenTable(
        idx=idx,
        head=[i + h for i, h in enumerate(rel_head)],
        pos=pos,
        lemma=[x & 0xFFFFFFFFFFFFFFFF for x in lemma],  # hashes are unsigned
        by_start=dict(zip(idx, range(len(idx)), strict=True)),
    )
    _LAST[:] = [(doc, table)]
    return table


def token_at(doc: Doc, start: int) -> Token | None:
    """The token of ``doc`` that starts at character ``start``, or ``None``
    (``{t.idx: t for t in doc}.get(start)`` without making every token)."""
    i = token_table(doc).by_start.get(start)
    return None if i is None else doc[i]
