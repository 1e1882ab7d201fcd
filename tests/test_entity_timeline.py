"""One entity's timeline across articles: entity matching (names, short forms, aliases a
document teaches, coreference groups, pronouns), copula states, one happening per row,
dating in the lead, MEANTIME gold for event dating, and the user's view on the SemEval-2015
Task 4 trial corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, shared_path

from timeline.entity_matching import EntityMatcher, acronym, filter_entity, is_copula_state
from timeline.lead import date_lead_events, lead_sentences
from timeline.merge import merge
from timeline.model import Document, Entity, Event, EventTime, Interval, Participant, Span
from timeline.schema import validate
from timeline.timeline import Timeline

TRIAL = "data/timeline-2015-trial"


def _day(iso: str) -> EventTime:
    d = dt.date.fromisoformat(iso)
    return EventTime(iso, Interval(d, d), "day", "explicit", None, 0.9)


def _span(text: str, word: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(word, start, start + len(word))


def _sentence(text: str, at: int) -> Span:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return Span(text[start:end], start, end)


def _event(text: str, eid: str, trigger: str, when: str | None = None, *,
           participants: tuple[Participant, ...] = (), nth: int = 0, pos: str = "VERB",
           tense: str = "past", modality: str = "happened", cls: str = "occurrence") -> Event:
    span = _span(text, trigger, nth)
    return Event(eid, span, trigger.lower(), pos, cls, _sentence(text, span.start),
                 participants, tense, modality, _day(when) if when else None)


def _part(text: str, words: str, label: str, role: str = "agent", entity: str | None = None,
          nth: int = 0) -> Participant:
    span = _span(text, words, nth)
    return Participant(words, span.start, span.end, label, role, entity)


def _timeline(doc_id: str, text: str, *events: Event, entities: tuple[Entity, ...] = (),
              published: str = "2024-05-07") -> Timeline:
    doc = Document(text=text, published=dt.datetime.fromisoformat(published), id=doc_id)
    return Timeline.build(doc, (), events, entities)


def _kept(tl: Timeline, name: str | EntityMatcher) -> list[str]:
    return [e.trigger.text for e in filter_entity(tl, name).events]


# ----------------------------------------------------------------------------- matching


def test_coreference_groups_bring_descriptions_and_pronouns() -> None:
    text = ("Volkswagen cut 3,000 jobs on Monday.\nThe carmaker's shares fell.\n"
            "It blamed costs.\nA union leader protested.")
    vw = Entity("n1", "Volkswagen", "ORG",
                (_span(text, "Volkswagen"), _span(text, "The carmaker"), _span(text, "It")),
                ("VW",))
    union = Entity("n2", "union leader", "NP", (_span(text, "union leader"),))
    tl = _timeline(
        "a", text,
        _event(text, "e1", "cut", "2024-05-06",
               participants=(_part(text, "Volkswagen", "ORG", entity="n1"),)),
        # a participant that holds a mention of the entity ("shares of VW")
        _event(text, "e2", "fell", participants=(
            _part(text, "The carmaker's shares", "NP", "patient"),)),
        # a pronoun participant of the entity's coreference group
        _event(text, "e3", "blamed", participants=(_part(text, "It", "NP", entity="n1"),)),
        _event(text, "e4", "protested",
               participants=(_part(text, "union leader", "NP", entity="n2"),)),
        entities=(vw, union),
    )
    assert _kept(tl, "Volkswagen") == ["cut", "fell", "blamed"]
    # the group's own alias names it too
    assert _kept(tl, "VW") == ["cut", "fell", "blamed"]
    assert EntityMatcher("Volkswagen").matching_entities(tl) == [vw]


@pytest.mark.parametrize(("name", "text", "found"), [
    # the last words of a long name
    ("Beatles Apple Corps", "Apple Corps sued.\nThe Beatles' Apple Corps won.",
     ["Apple Corps", "Beatles' Apple Corps"]),
    # a model number, once the document names the product in full
    ("iPhone 3G", "Apple launched the iPhone 3G.\nThe 3G sold well.", ["iPhone 3G", "3G"]),
    ("iPhone 3G", "The 3G sold well.", []),
    # ... but not another model
    ("iPhone 3G", "The iPhone 3G and the iPhone 3GS.", ["iPhone 3G"]),
    # one capitalised word inserted; the head noun as a definite description; a plural
    ("iTunes store", "Apple opened the iTunes Music Store.\nThe store sold songs.",
     ["iTunes Music Store", "The store"]),
    ("iPod", "Sales of iPods rose.", ["iPods"]),
    # the initials
    ("Worldwide Developers Conference", "The Worldwide Developers Conference opened.\n"
     "WDC drew crowds.", ["Worldwide Developers Conference", "WDC"]),
    # a name of capitalised words is not a person's without a sign of it: no "Worldwide"
    ("Worldwide Developers Conference", "The Worldwide Developers Conference opened.\n"
     "Developers came.", ["Worldwide Developers Conference"]),
])
def test_names_and_short_forms(name: str, text: str, found: list[str]) -> None:
    tl = _timeline("a", text)
    spans = EntityMatcher(name).mentions(tl)
    assert [text[s:e] for s, e in spans] == found


def test_a_person_is_named_by_surname_and_first_name() -> None:
    text = "Steve Jobs spoke.\nJobs said firms cut jobs.\nSteve smiled."
    tl = _timeline("a", text, _event(text, "e1", "spoke", participants=(
        _part(text, "Steve Jobs", "PERSON"),)))
    spans = EntityMatcher("Steve Jobs").mentions(tl)
    # a surname is written with a capital: "jobs" is not Jobs
    assert [text[s:e] for s, e in spans] == ["Steve Jobs", "Jobs", "Steve"]
    # not the first name another person of the document shares
    text = "Steve Jobs spoke.\nSteve Wozniak smiled."
    tl = _timeline("b", text, _event(text, "e1", "spoke", participants=(
        _part(text, "Steve Jobs", "PERSON"),)), _event(text, "e2", "smiled", participants=(
            _part(text, "Steve Wozniak", "PERSON"),)))
    assert [text[s:e] for s, e in EntityMatcher("Steve Jobs").mentions(tl)] == ["Steve Jobs"]


def test_aliases_taught_by_one_document_hold_in_all() -> None:
    a_text = "Volkswagen (VW) cut jobs on Monday."
    b_text = "Shares of VW fell on Tuesday."
    a = _timeline("a", a_text, _event(a_text, "e1", "cut", "2024-05-06",
                                      participants=(_part(a_text, "Volkswagen", "ORG"),)))
    b = _timeline("b", b_text, _event(b_text, "e1", "fell", "2024-05-07", participants=(
        _part(b_text, "Shares of VW", "NP", "patient"),)))
    assert _kept(b, "Volkswagen") == []  # alone, "VW" is not known
    # an article teaches its own aliases
    ab_text = a_text + "\n" + b_text
    ab = _timeline("ab", ab_text, _event(ab_text, "e1", "fell", "2024-05-07", participants=(
        _part(ab_text, "Shares of VW", "NP", "patient"),)))
    assert _kept(ab, "Volkswagen") == ["fell"]
    learned = EntityMatcher("Volkswagen").learn([a, b])
    assert "VW" in learned.learned
    assert _kept(b, learned) == ["fell"]
    # a parenthesis that is no short form of the name teaches nothing
    d_text = "Volkswagen (Germany) and Apple (US) reported."
    d = _timeline("d", d_text)
    assert EntityMatcher("Volkswagen").learn([d]).learned == ()
    assert EntityMatcher("Apple").learn([d]).learned == ()
    e_text = "The Apple Worldwide Developers Conference (WWDC) opened."
    assert EntityMatcher("Worldwide Developers Conference").learn(
        [_timeline("e", e_text)]).learned == ("WWDC",)
    merged = merge([a, b], entity="Volkswagen")
    assert [m.event.lemma for m in merged.ordered_events()] == ["cut", "fell"]
    # the aliases of a coreference group named by the full name are learned too
    c_text = "Volkswagen said it would cut jobs."
    group = Entity("n1", "Volkswagen", "ORG", (_span(c_text, "Volkswagen"),), ("VW",))
    c = _timeline("c", c_text, entities=(group,))
    assert "VW" in EntityMatcher("Volkswagen").learn([c]).learned


def test_pronouns_without_coreference_groups() -> None:
    text = ("Steve Jobs opened the conference.\nHe unveiled a phone.\n"
            "Tim Cook followed.\nHe announced sales.")
    tl = _timeline(
        "a", text,
        _event(text, "e1", "opened", participants=(_part(text, "Steve Jobs", "PERSON"),)),
        _event(text, "e2", "unveiled"),
        _event(text, "e3", "followed", participants=(_part(text, "Tim Cook", "PERSON"),)),
        _event(text, "e4", "announced"),
    )
    assert _kept(tl, "Steve Jobs") == ["opened", "unveiled"]
    # "it" for a thing named in the same or the previous sentence
    text = "The iPhone 4 went on sale.\nIt sold well.\nBuyers queued.\nIt was hot."
    tl = _timeline("b", text, _event(text, "e1", "went"), _event(text, "e2", "sold"),
                   _event(text, "e3", "queued"), _event(text, "e4", "was"))
    assert _kept(tl, "iPhone 4") == ["went", "sold"]


def test_a_longer_name_is_another_entity() -> None:
    text = "Apple unveiled the iPod nano.\nThe iPod sold well."
    tl = _timeline(
        "a", text,
        _event(text, "e1", "unveiled", participants=(_part(text, "iPod nano", "ORG", "patient"),)),
        _event(text, "e2", "sold", participants=(_part(text, "iPod", "ORG", nth=1),)),
    )
    assert _kept(tl, "iPod") == ["sold"]
    # a person's title keeps the organisation: "Apple CEO Steve Jobs" is about Apple
    text = "Apple CEO Steve Jobs resigned."
    tl = _timeline("b", text, _event(text, "e1", "resigned", participants=(
        _part(text, "Apple CEO Steve Jobs", "PERSON"),)))
    assert _kept(tl, "Apple") == ["resigned"]


def test_acronym() -> None:
    assert acronym("Bank of England") == "BE"
    assert acronym("Worldwide Developers Conference") == "WDC"
    assert acronym("Apple") is None


def test_copula_states_stay_out_of_entity_timelines() -> None:
    text = "The firm is the third-largest carmaker.\nThe firm's delivery came late."
    tl = _timeline(
        "a", text,
        _event(text, "e1", "carmaker", pos="NOUN", tense="present", modality="ongoing",
               participants=(_part(text, "The firm", "NP"),)),
        _event(text, "e2", "delivery", pos="NOUN",
               participants=(_part(text, "The firm's", "NP"),)),
    )
    assert is_copula_state(tl.events[0], text)
    assert not is_copula_state(tl.events[1], text)
    assert _kept(tl, "the firm") == ["delivery"]


def test_one_happening_is_one_row_with_its_sources() -> None:
    a_text = "Steve Jobs unveiled iPhone 4 on Monday."
    b_text = "On Monday Apple's chief unveiled iPhone 4."
    a = _timeline("a", a_text, _event(a_text, "e1", "unveiled", "2010-06-07"))
    b = _timeline("b", b_text, _event(b_text, "e1", "unveiled", "2010-06-07"),
                  published="2010-06-09")
    merged = merge([a, b], entity="iPhone 4")
    assert len(merged.events) == 1
    assert [d.id for d, _ in merged.events[0].sources] == ["a", "b"]
    # the user's view lists the sources of the row
    slide = json.loads(merged.to_timelinejs())["events"][0]
    assert "2 sources" in slide["text"]["text"]
    assert "(2010-06-09)" in slide["text"]["text"]
    # a different day is another happening
    c_text = "Jobs unveiled iPhone 4 again."
    c = _timeline("c", c_text, _event(c_text, "e1", "unveiled", "2010-06-08"))
    assert len(merge([a, c], entity="iPhone 4").events) == 2


# ----------------------------------------------------------------------------- the lead


def test_dating_in_the_lead() -> None:
    text = ("Apple unveils iPhone 4\nJune 8, 2010\n"
            "Apple unveiled the iPhone 4 at its developers' conference in San Francisco.\n"
            "The company had built a new antenna.\nCritics praised the screen.")
    tl = _timeline(
        "a", text,
        _event(text, "e0", "unveils", tense="present", modality="ongoing"),
        _event(text, "e1", "unveiled"),
        _event(text, "e2", "conference", pos="NOUN"),
        _event(text, "e3", "built"),
        _event(text, "e4", "praised"),
        published="2010-06-08",
    )
    lead = lead_sentences(tl.events, text)
    assert lead == {tl.events[1].sentence.start}  # not the headline, not the dateline
    pub = dt.date(2010, 6, 8)
    dated = {e.trigger.text: e.time for e in date_lead_events(tl.events, text, pub)}
    unveiled = dated["unveiled"]
    assert unveiled is not None and unveiled.value == "2010-06-08"
    assert unveiled.source == "lead-of-report"
    assert dated["unveils"] is None  # present tense: not the rule's
    assert dated["built"] is None and dated["praised"] is None  # after the lead
    before = {e.trigger.text: e.time
              for e in date_lead_events(tl.events, text, pub, reading="day-before")}
    assert before["unveiled"] is not None and before["unveiled"].value == "2010-06-07"
    # an event the anchoring dated keeps its date; off: nothing changes
    assert date_lead_events(tl.events, text, pub, reading="off") == tl.events
    text2 = "Floods hit\nThe river had risen over the banks near the town.\nIt rained."
    tl2 = _timeline("b", text2, _event(text2, "e1", "risen"))
    assert date_lead_events(tl2.events, text2, pub)[0].time is None  # past perfect


# ----------------------------------------------------------------------------- MEANTIME


def test_meantime_cat_reader() -> None:
    from timeline.evaluation.anchoring import gold_anchored_events
    from timeline.evaluation.meantime import is_meantime, read_meantime

    path = FIXTURES / "meantime" / "storm-cat.xml"
    assert is_meantime(path)
    doc = read_meantime(path)
    assert doc.dct == dt.date(2025, 3, 14) and doc.dct_tid == "40"
    assert doc.text.splitlines()[2] == "A storm hit the coast on Tuesday."
    assert [e.text for e in doc.events] == ["storm", "hit", "spoke"]
    assert all(doc.text[e.start:e.end] == e.text for e in doc.events)
    assert [t.text for t in doc.timexes] == ["Tuesday", "today"]
    anchored = {a.event.text: [x.value for x in a.anchors] for a in gold_anchored_events(doc)}
    # event -> time IS_INCLUDED and DCT -> event INCLUDES anchor; BEFORE does not
    assert anchored == {"hit": ["2025-03-11"], "spoke": ["2025-03-14"]}


def test_eval_anchoring_reads_a_meantime_folder(tmp_path: Path) -> None:
    from timeline.cli import main

    report = tmp_path / "m.json"
    assert main(["eval", "anchoring", str(FIXTURES / "meantime"), "--json", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert "day" in json.dumps(data)


def test_meantime_apple_dating_by_day() -> None:
    from timeline.evaluation.anchoring import score_anchoring
    from timeline.evaluation.timeml import iter_timeml
    from timeline.evaluation.timex import run_extractor

    corpus = shared_path("data", "meantime-apple", "corpus_apple")
    docs = list(iter_timeml([corpus]))
    assert len(docs) == 30
    result = score_anchoring(docs, [tl.events for tl in run_extractor(docs)])
    assert result.to_dict()  # figures: docs/evaluation.md (86.6 F1 by day)


# ----------------------------------------------------------------------------- the view


def test_batch_entity_view_on_the_trial_corpus(tmp_path: Path) -> None:
    from timeline.cli import main
    from timeline.evaluation.timeline2015 import cat_files, read_cat

    corpus = shared_path(TRIAL, "Corpus-trial-data_task4")
    jsonl = tmp_path / "trial.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for p in cat_files(corpus):
            cat = read_cat(p)
            fh.write(json.dumps({"id": cat.doc_id, "text": cat.text, "published": cat.dct,
                                 "url": cat.url}) + "\n")
    out, png, tljs = tmp_path / "out", tmp_path / "chart.png", tmp_path / "tl.json"
    assert main(["batch", str(jsonl), "--out", str(out), "--merge", "--entity", "Steve Jobs",
                 "--png", str(png), "--timelinejs", str(tljs), "--quiet"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    merged = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    validate(merged)
    assert merged["entity"] == "Steve Jobs" and len(merged["documents"]) == 30
    # the lead rule dates some of them (a source the schema knows)
    assert any(e["time"] and e["time"]["source"] == "lead-of-report" for e in merged["events"])
    docs_with_him = {s["document"] for e in merged["events"] for s in e["sources"]}
    assert len(docs_with_him) >= 10
    # one happening reported by several articles is one row with its sources
    assert any(len({s["document"] for s in e["sources"]}) > 1 for e in merged["events"])
    slides = json.loads(tljs.read_text(encoding="utf-8"))["events"]
    assert len(slides) >= 10
    assert any("sources:" in s["text"]["text"] for s in slides)
    assert all("<a href=" in s["text"]["text"] for s in slides)  # the articles' URLs


def test_batch_applies_the_aliases_one_article_teaches_to_all(tmp_path: Path) -> None:
    from timeline.cli import main

    src = tmp_path / "wire.jsonl"
    records = [
        {"id": "a", "published": "2024-05-07",
         "text": "Volkswagen (VW) said on Monday that it would cut 3,000 jobs."},
        {"id": "b", "published": "2024-05-08",
         "text": "VW shares fell sharply on Tuesday in Frankfurt."},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(src), "--out", str(out), "--merge", "--entity", "Volkswagen",
                 "--quiet"]) == 0
    merged = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    docs = {s["document"] for e in merged["events"] for s in e["sources"]}
    assert docs == {"a", "b"}
    assert any(e["lemma"] == "fall" for e in merged["events"])
