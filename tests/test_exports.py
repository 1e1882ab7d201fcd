"""Tests for the exports (timeline.export)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import jsonschema
import pytest

from timeline.export import to_csv, to_html, to_markdown, to_pdf, to_timelinejs, to_timeml
from timeline.export.tabular import CSV_COLUMNS
from timeline.model import (
    Document,
    Event,
    EventTime,
    Interval,
    Participant,
    Span,
    TimeExpression,
)
from timeline.timeline import Timeline

D = dt.date

TEXT = (
    "Since 2022, Acme & Co. has grown. Last week workers protested <loudly>, "
    'blocking the gates. On Monday the regulator fined Acme | Co. The CEO said it was "fine".\n'
    "Nobody knows what comes next."
)


def span(text: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(text, start, start + len(text))


SENTENCES = (
    "Since 2022, Acme & Co. has grown.",
    "Last week workers protested <loudly>, blocking the gates.",
    "On Monday the regulator fined Acme | Co.",
    'The CEO said it was "fine".',
    "Nobody knows what comes next.",
)


def sentence_of(s: Span) -> Span:
    for sentence in SENTENCES:
        start = TEXT.index(sentence)
        if start <= s.start and s.end <= start + len(sentence):
            return Span(sentence, start, start + len(sentence))
    raise ValueError(s)


def timex(tid: str, text: str, value: str, interval: Interval, gran: str,
          resolution: str) -> TimeExpression:
    s = span(text)
    return TimeExpression(tid, text, s.start, s.end, "DATE", value, interval, gran, resolution)


def event(eid: str, trigger: str, time: EventTime | None, cls: str = "occurrence",
          agent: str | None = None, patient: str | None = None) -> Event:
    s = span(trigger)
    parts = []
    if agent:
        a = span(agent)
        parts.append(Participant(agent, a.start, a.end, "ORG", "agent"))
    if patient:
        p = span(patient, 1) if patient == "Acme" else span(patient)
        parts.append(Participant(patient, p.start, p.end, "ORG", "patient"))
    return Event(eid, s, trigger, "VERB", cls, sentence_of(s), tuple(parts), "PAST", "NONE", time)


def make_timeline() -> Timeline:
    y2022 = Interval(D(2022, 1, 1), D(2022, 12, 31))
    week = Interval(D(2025, 11, 10), D(2025, 11, 16))
    monday = Interval(D(2025, 11, 17), D(2025, 11, 17))
    pub = Interval(D(2025, 11, 20), D(2025, 11, 20))
    expressions = (
        timex("t1", "2022", "2022", y2022, "year", "absolute"),
        timex("t2", "Last week", "2025-W46", week, "week", "publication"),
        timex("t3", "Monday", "2025-11-17", monday, "day", "publication"),
    )
    events = (
        event("e1", "grown", EventTime("2022", y2022, "year", "explicit", "t1", 0.9, "begins"),
              agent="Acme & Co."),
        event("e2", "protested",
              EventTime("2025-W46", week, "week", "same-clause", "t2", 0.8), agent="workers"),
        event("e3", "blocking",
              EventTime("2025-W46", week, "week", "inherited-from-sentence", "t2", 0.6),
              patient="the gates"),
        event("e4", "fined", EventTime("2025-11-17", monday, "day", "explicit", "t3", 0.9),
              agent="the regulator", patient="Acme"),
        event("e5", "said", EventTime("2025-11-20", pub, "day", "publication-date", None, 0.5),
              cls="reporting", agent="The CEO"),
        event("e6", "comes", None),
    )
    doc = Document(TEXT, dt.datetime(2025, 11, 20, 9, 30), id="doc-7",
                   title='Acme & Co. <protests> "grow"', url="https://example.org/a?b=1&c=2")
    return Timeline.build(doc, expressions, events)


# --------------------------------------------------------------------------- TimelineJS

DATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^-?\d+$"}]},
        "month": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 12},
                            {"type": "string", "pattern": r"^\d{1,2}$"}]},
        "day": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 31},
                          {"type": "string", "pattern": r"^\d{1,2}$"}]},
        "hour": {"type": ["integer", "string"]},
        "minute": {"type": ["integer", "string"]},
        "second": {"type": ["integer", "string"]},
        "millisecond": {"type": ["integer", "string"]},
        "display_date": {"type": "string"},
        "format": {"type": "string"},
    },
    "dependentRequired": {"day": ["month"]},
    "additionalProperties": False,
}

#: Knight Lab's TimelineJS3 JSON format (https://timeline.knightlab.com/docs/json-format.html)
#: written as a JSON Schema. Unknown keys are rejected so that misspelt fields are caught.
TIMELINEJS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "TimelineJS3 data",
    "type": "object",
    "required": ["events"],
    "properties": {
        "events": {"type": "array", "items": {"$ref": "#/$defs/event_slide"}},
        "title": {"$ref": "#/$defs/slide"},
        "eras": {"type": "array", "items": {"$ref": "#/$defs/era"}},
        "scale": {"enum": ["human", "cosmological"]},
    },
    "additionalProperties": False,
    "$defs": {
        "date": DATE_SCHEMA,
        "text": {
            "type": "object",
            "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
            "additionalProperties": False,
        },
        "media": {
            "type": "object",
            "required": ["url"],
            "properties": {k: {"type": "string"} for k in (
                "url", "caption", "credit", "thumbnail", "alt", "title", "link", "link_target"
            )},
            "additionalProperties": False,
        },
        "background": {
            "type": "object",
            "properties": {"url": {"type": "string"}, "color": {"type": "string"},
                           "alt": {"type": "string"}},
            "additionalProperties": False,
        },
        "slide": {
            "type": "object",
            "properties": {
                "start_date": {"$ref": "#/$defs/date"},
                "end_date": {"$ref": "#/$defs/date"},
                "text": {"$ref": "#/$defs/text"},
                "media": {"$ref": "#/$defs/media"},
                "group": {"type": "string"},
                "display_date": {"type": "string"},
                "background": {"$ref": "#/$defs/background"},
                "autolink": {"type": "boolean"},
                "unique_id": {"type": "string"},
            },
            "additionalProperties": False,
        },
        "event_slide": {"allOf": [{"$ref": "#/$defs/slide"}, {"required": ["start_date"]}]},
        "era": {
            "type": "object",
            "required": ["start_date", "end_date"],
            "properties": {
                "start_date": {"$ref": "#/$defs/date"},
                "end_date": {"$ref": "#/$defs/date"},
                "text": {"$ref": "#/$defs/text"},
            },
            "additionalProperties": False,
        },
    },
}


def _as_date(obj: dict[str, Any]) -> dt.date:
    return dt.date(int(obj["year"]), int(obj.get("month", 1)), int(obj.get("day", 1)))


def test_timelinejs_validates_against_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(TIMELINEJS_SCHEMA)
    timeline = make_timeline()
    data = json.loads(to_timelinejs(timeline))
    jsonschema.Draft202012Validator(TIMELINEJS_SCHEMA).validate(data)
    assert [s["unique_id"] for s in data["events"]] == list(timeline.order)
    for slide in data["events"]:
        if "end_date" in slide:
            assert _as_date(slide["end_date"]) >= _as_date(slide["start_date"])
    first = data["events"][0]
    assert first["start_date"] == {"year": 2022}  # year granularity: no month or day
    assert first["display_date"] == "since 2022"
    assert first["end_date"] == {"year": 2022, "month": 12, "day": 31}
    week = data["events"][1]
    assert week["start_date"] == {"year": 2025, "month": 11, "day": 10}
    assert week["end_date"] == {"year": 2025, "month": 11, "day": 16}
    assert data["title"]["text"]["headline"] == "Acme &amp; Co. &lt;protests&gt; &quot;grow&quot;"
    assert "<loudly>" not in json.dumps(data)


def test_timelinejs_schema_rejects_bad_data() -> None:
    validator = jsonschema.Draft202012Validator(TIMELINEJS_SCHEMA)
    assert not validator.is_valid({"events": [{"text": {"headline": "no date"}}]})
    assert not validator.is_valid({"events": [{"start_date": {"month": 3}}]})
    assert not validator.is_valid({"events": [], "scale": "galactic"})


def test_timelinejs_empty() -> None:
    timeline = Timeline.build(make_timeline().document, (), ())
    data = json.loads(to_timelinejs(timeline, groups=False))
    jsonschema.validate(data, TIMELINEJS_SCHEMA)
    assert data["events"] == []


# --------------------------------------------------------------------------- CSV


def test_csv_round_trips() -> None:
    timeline = make_timeline()
    records = list(csv.reader(io.StringIO(to_csv(timeline), newline="")))
    assert tuple(records[0]) == CSV_COLUMNS
    rows = {r[0]: dict(zip(CSV_COLUMNS, r, strict=True)) for r in records[1:]}
    assert list(rows) == [*timeline.order, *timeline.undated]
    assert rows["e2"]["date"] == "2025-W46"
    assert (rows["e2"]["start"], rows["e2"]["end"]) == ("2025-11-10", "2025-11-16")
    assert rows["e4"]["participants"] == "the regulator; Acme"
    assert rows["e4"]["sentence"] == "On Monday the regulator fined Acme | Co."
    assert rows["e5"]["sentence"] == 'The CEO said it was "fine".'
    assert rows["e6"]["date"] == rows["e6"]["start"] == rows["e6"]["granularity"] == ""


def test_csv_without_undated() -> None:
    records = list(csv.reader(io.StringIO(to_csv(make_timeline(), include_undated=False))))
    assert [r[0] for r in records[1:]] == list(make_timeline().order)


# --------------------------------------------------------------------------- Markdown


def _unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for ch in line:
        if ch == "|" and not escaped:
            count += 1
        escaped = ch == "\\" and not escaped
    return count


def test_markdown_table() -> None:
    md = to_markdown(make_timeline())
    lines = md.splitlines()
    assert lines[0] == r"# Acme & Co. \<protests\> \"grow\"".replace('\\"', '"')
    table = [ln for ln in lines if ln.startswith("|")]
    assert len({_unescaped_pipes(ln) for ln in table}) == 1  # every row has 7 pipes
    assert _unescaped_pipes(table[0]) == 7
    assert any("2025-W46 (2025-11-10 \u2013 2025-11-16)" in ln for ln in table)
    assert any("| inferred (publication-date) |" in ln for ln in table)
    assert any(r"Acme \| Co." in ln for ln in table)
    assert "## Undated events" in md


def test_reports_for_people_show_the_default_table() -> None:
    tl = make_timeline()
    minor = ("e3", "e5")
    tl = Timeline.build(tl.document, tl.time_expressions, tuple(
        dataclasses.replace(e, salient=e.id not in minor) for e in tl.events))
    def rows(md: str) -> int:
        return sum(1 for line in md.splitlines() if line.startswith("| ") and
                   line.split(" | ")[1][:4].isdigit())

    md = to_markdown(tl)
    assert rows(md) == 3 and "The CEO said" not in md
    assert "3 of 5 dated, 1 undated events shown" in md
    assert rows(to_markdown(tl, max_events=2)) == 2
    everything = to_markdown(tl, everything=True)
    assert "5 dated, 1 undated events" in everything and "shown" not in everything
    page = to_html(tl, chart=False)
    assert "3 of 5 dated" in page and page.count("<tr") < to_html(
        tl, chart=False, everything=True).count("<tr")
    # the data exports keep every event
    assert to_csv(tl).count("\r\n") == 1 + 6


# --------------------------------------------------------------------------- HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_html_is_standalone_and_escaped() -> None:
    page = to_html(make_timeline(), dpi=72)
    assert page.startswith("<!DOCTYPE html>")
    parser = _Collector()
    parser.feed(page)
    assert {"svg", "table", "text"} <= set(parser.tags)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "img" not in parser.tags and "iframe" not in parser.tags
    for name, value in parser.attrs:
        if name in ("src", "href", "xlink:href") and value:
            assert value.startswith(("#", "data:")), (name, value)
    assert "<loudly>" not in page and "&lt;loudly&gt;" in page
    assert "<protests>" not in page
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert page.count("<tr id=") == len(make_timeline().events)


def test_html_without_chart() -> None:
    page = to_html(make_timeline(), chart=False)
    assert "<svg" not in page and "<table>" in page


# --------------------------------------------------------------------------- TimeML


def test_timeml_is_well_formed_and_complete() -> None:
    timeline = make_timeline()
    xml = to_timeml(timeline)
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == "TimeML"
    text = root.find("TEXT")
    assert text is not None
    assert "".join(text.itertext()) == TEXT
    timexes = {t.get("tid"): t for t in text.iter("TIMEX3")}
    assert set(timexes) == {"t1", "t2", "t3"}
    assert timexes["t2"].get("value") == "2025-W46" and timexes["t2"].text == "Last week"
    assert timexes["t2"].get("anchorTimeID") == "t0"
    events = {e.get("eid"): e for e in text.iter("EVENT")}
    assert set(events) == {e.id for e in timeline.events}
    assert events["e5"].get("class") == "REPORTING"
    instances = {m.get("eventID"): m.get("eiid") for m in root.iter("MAKEINSTANCE")}
    assert set(instances) == set(events)
    links = {(lk.get("eventInstanceID"), lk.get("relatedToTime")): lk.get("relType")
             for lk in root.iter("TLINK")}
    assert links == {
        (instances["e1"], "t1"): "BEGUN_BY",
        (instances["e2"], "t2"): "IS_INCLUDED",
        (instances["e3"], "t2"): "IS_INCLUDED",
        (instances["e4"], "t3"): "IS_INCLUDED",
    }
    dct = root.find("DCT/TIMEX3")
    assert dct is not None and dct.get("value") == "2025-11-20"


def test_timeml_skips_bad_offsets_and_overlaps() -> None:
    timeline = make_timeline()
    bad = Event("e9", Span("nothing", 0, 7), "nothing", "VERB", "occurrence",
                Span("x", 0, 1), (), "PAST", "NONE", None)
    inside = Event("e10", Span("2022", 6, 10), "2022", "NOUN", "occurrence",
                   Span("x", 0, 1), (), "NONE", "NONE", None)
    timeline = Timeline.build(timeline.document, timeline.time_expressions,
                              (*timeline.events, bad, inside))
    root = ET.fromstring(to_timeml(timeline))
    text = root.find("TEXT")
    assert text is not None and "".join(text.itertext()) == TEXT
    eids = {e.get("eid") for e in text.iter("EVENT")}
    assert "e9" not in eids and "e10" not in eids


# --------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("theme", ["print"])
def test_pdf_export(theme: str) -> None:
    data = to_pdf(Timeline.build(make_timeline().document, (), ()), theme=theme, width=3.0)
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
