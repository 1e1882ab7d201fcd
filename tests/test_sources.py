"""Reading inputs: HTML pages (trafilatura + htmldate), JSON/JSONL, text in any encoding."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from timeline.ingest import MissingPublicationDate
from timeline.sources import (
    InputError,
    count_items,
    decode_bytes,
    document_from_html,
    document_from_record,
    iter_items,
    read_documents,
)

INPUTS = FIXTURES / "inputs"
PAGE = INPUTS / "harbour-page.html"
WIRE = INPUTS / "wire.jsonl"
LATIN1 = INPUTS / "cafe-latin1.txt"


def test_html_main_text_and_original_publication_date() -> None:
    [doc] = read_documents(str(PAGE))
    assert doc.published == dt.datetime(2024, 5, 14)  # published, not modified (June 2)
    assert doc.published_source == "html-metadata"
    assert doc.title == "Port authority opens new harbour terminal"
    assert doc.url == "https://herald.example.org/2024/harbour-terminal"
    assert "opened its new container terminal on Monday" in doc.text
    for boilerplate in ("Cookie settings", "Subscribe", "Sport"):
        assert boilerplate not in doc.text
    assert doc.id == "harbour-page.html"


def test_published_option_overrides_the_page() -> None:
    [doc] = read_documents(str(PAGE), published="2024-05-15")
    assert doc.published == dt.datetime(2024, 5, 15) and doc.published_source == "cli"


def test_html_without_metadata_falls_back_to_dateline() -> None:
    body = "<p>{}</p>".format("Council approves harbour budget. " * 3)
    html = f"<html><head><title>Budget</title></head><body><article>{body}</article></body></html>"
    with pytest.raises(MissingPublicationDate):
        document_from_html(html, source="page")
    dated = html.replace("<article>", "<article><p>March 28, 2024</p>")
    doc = document_from_html(dated, source="page")
    assert doc.published == dt.datetime(2024, 3, 28) and doc.published_source == "dateline"


def test_empty_page_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        document_from_html("<html><head></head><body></body></html>", source="page")


def test_latin1_text_is_decoded_and_its_encoding_recorded() -> None:
    [doc] = read_documents(str(LATIN1), published="2024-06-10")
    assert doc.text.startswith("Café Müller reopens")
    assert "Zoë Brünner" in doc.text
    assert doc.encoding == "cp1252"


def test_decoding_utf8_bom_and_binary() -> None:
    assert decode_bytes("Été".encode()) == ("Été", "utf-8")
    assert decode_bytes(b"\xef\xbb\xbfHi") == ("Hi", "utf-8-sig")
    with pytest.raises(InputError, match="not text"):
        decode_bytes(bytes(range(256)) * 4, "blob.bin")


def test_jsonl_documents() -> None:
    docs = read_documents(str(WIRE))
    assert [d.id for d in docs] == ["wire-001", "wire-002", "wire-003"]
    assert [d.published_source for d in docs] == ["jsonl", "jsonl", "dateline"]
    assert docs[0].title == "Storm closes coastal road"
    assert docs[0].url == "https://wire.example.org/1"
    assert docs[1].published == dt.datetime.fromisoformat("2024-03-20T09:00:00+01:00")
    assert docs[2].published == dt.datetime(2024, 3, 28)
    overridden = read_documents(str(WIRE), published="2024-01-01")
    assert {d.published_source for d in overridden} == {"cli"}


def test_json_object_and_array(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "Acme opened a plant on Monday.",
                               "published": "2024-12-03", "id": 7}), encoding="utf-8")
    [doc] = read_documents(str(one))
    assert (doc.id, doc.published_source) == ("7", "json")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "A fire broke out on Monday.", "published": "2024-12-03"},
                                {"text": "x"}]), encoding="utf-8")
    items = list(iter_items([str(many)]))
    assert [i.key for i in items] == ["many/line-1", "many/line-2"]
    assert items[0].document is not None and items[1].error is not None
    with pytest.raises(InputError, match="published"):
        document_from_record({"text": "x", "published": 2024}, source="r")
    with pytest.raises(InputError, match="JSON object"):
        document_from_record(["text"], source="r")


def test_folder_walk_is_recursive_lazy_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("June 3, 2024\nAcme opened a plant.", encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "b.txt").write_text("No date at all.", encoding="utf-8")
    (tmp_path / "sub" / "feed.jsonl").write_text(
        '{"id": "n/1", "text": "Rain fell on Monday.", "published": "2024-06-04"}\n'
        "\n{not json\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    items = list(iter_items([str(tmp_path)]))
    # a folder's files come before its subfolders', in name order
    assert [i.key for i in items] == ["a.txt", "sub/feed/n_1", "sub/feed/line-3",
                                      "sub/deeper/b.txt"]
    assert [i.error is None for i in items] == [True, True, False, False]
    assert "publication date" in (items[3].error or "")
    assert count_items([str(tmp_path)]) == 4
    missing = list(iter_items([str(tmp_path / "nope.txt")]))
    assert missing[0].error and "no such file" in missing[0].error


def test_extract_command_reads_html_and_records_the_date_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from timeline.cli import main
    from timeline.schema import validate

    out = tmp_path / "page.json"
    assert main(["extract", str(PAGE), "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    assert data["document"]["published_source"] == "html-metadata"
    assert data["document"]["published"].startswith("2024-05-14")
    assert any(e["lemma"] == "open" for e in data["events"])

    assert main(["extract", str(LATIN1), "--published", "2024-06-10", "--json", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["encoding"] == "cp1252"
