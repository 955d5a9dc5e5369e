"""The outcome as JSON, the archive page and the Atom feed read back from the published JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest

from pipeline.context import Document, Version, build_document
from pipeline.errors import RenderFailed
from pipeline.loading import Draft
from pipeline.model import Outcome
from pipeline.records import made
from pipeline.render.data import (
    ArchiveEntry,
    archive_entries,
    outcome_json,
    render_archive,
    render_feed,
)
from pipeline.settings import Settings
from tests import example_text
from tests.conftest import TEMPLATES
from tests.render.test_html import CLOSE, IMAGE, SCRIPT, hostile_draft

ATOM = "{http://www.w3.org/2005/Atom}"
FIRST = datetime(2016, 11, 25, 9, 30, tzinfo=UTC)
SECOND = datetime(2017, 1, 3, 14, 0, tzinfo=UTC)


def version(number: int, when: datetime) -> Version:
    return Version("published", number, when)


def publish(folder: Path, document: Document, previous: bytes | None = None) -> bytes:
    """Write `document`'s JSON where `publish` would, and return it."""
    data = outcome_json(document, previous)
    path = folder / document.outcome.id / f"{document.outcome.id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def another(outcome: Outcome, outcome_id: str, adopted: date, headline: str) -> Outcome:
    return replace(outcome, id=outcome_id, adopted=adopted, headline=headline)


@pytest.fixture
def first(example_draft: Draft, settings: Settings) -> Document:
    return build_document(example_draft.outcome, version(1, FIRST), settings)


@pytest.fixture
def published(tmp_path: Path, first: Document, example_draft: Draft, settings: Settings) -> Path:
    """Three outcomes over two months; the example published twice."""
    folder = tmp_path / "published"
    revised = replace(example_draft.outcome, headline="COMMIT SOM 11: revised")
    publish(folder, build_document(revised, version(2, SECOND), settings), publish(folder, first))
    for outcome_id, adopted, when in (
        ("commit-som12", date(2017, 12, 1), datetime(2017, 12, 5, tzinfo=UTC)),
        ("commit-tf-2016", date(2016, 11, 2), datetime(2016, 11, 3, tzinfo=UTC)),
    ):
        outcome = another(example_draft.outcome, outcome_id, adopted, f"Headline of {outcome_id}")
        publish(folder, build_document(outcome, version(1, when), settings))
    (folder / "not-an-outcome").mkdir()
    return folder


def test_json_is_the_outcome_with_numbers_versions_and_urls(first: Document):
    raw = outcome_json(first, None)
    data = json.loads(raw)
    assert raw.endswith(b"}\n")
    assert raw == (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode()
    assert made(Outcome, data["outcome"]) == first.outcome  # the draft, round trip
    assert (data["id"], data["version"], data["published"]) == (
        "commit-som11",
        1,
        "2016-11-25T09:30:00Z",
    )
    assert data["urls"] == {
        "html": "commit-som11/index.html",
        "fragment": "commit-som11/fragment.html",
        "json": "commit-som11/commit-som11.json",
        "pdf": "commit-som11/commit-som11.pdf",
    }
    assert [(p["number"], p["anchor"]) for p in data["paragraphs"]] == [
        (1, "para-indicators"),
        (2, "para-guidelines"),
        (3, "para-identification-purpose"),
        (4, "para-labour-migration"),
        (5, "para-rotating-chair"),
        (6, "para-ownership"),
        (7, "para-localization"),
        (8, "para-work-planning-2017"),
        (9, "para-secretariat-support"),
    ]
    assert [p["text"] for p in data["paragraphs"]] == example_text.TEXTS
    chair = data["paragraphs"][4]
    assert [(i["label"], i["text"]) for i in chair["items"]] == [
        ("a", "represent COMMIT externally; and"),
        ("b", "give guidance and direction internally."),
    ]
    bold = next(p for p in data["paragraphs"] if "<strong>" in p["html"])
    assert "**" in next(
        p.text for s in first.outcome.sections for p in s.paragraphs if p.id == bold["id"]
    )
    assert [(v["version"], v["published"]) for v in data["versions"]] == [
        (1, "2016-11-25T09:30:00Z")
    ]


def test_versions_carry_forward_and_are_never_rewritten(
    first: Document, example_draft: Draft, settings: Settings
):
    one = outcome_json(first, None)
    changed = replace(example_draft.outcome, headline="A new headline")
    two = outcome_json(build_document(changed, version(2, SECOND), settings), one)
    versions = json.loads(two)["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0] == json.loads(one)["versions"][0]
    assert versions[0]["headline"] == first.headline
    again = outcome_json(build_document(changed, version(2, SECOND), settings), two)
    assert again == two  # the same version rendered again gives the same bytes


def test_a_previous_json_of_something_else_is_refused(first: Document):
    for previous in (b"not json", b'{"id": "other", "versions": []}', b"[]"):
        with pytest.raises(RenderFailed, match="commit-som11"):
            outcome_json(first, previous)


def test_hostile_text_stays_text_in_json(tmp_path: Path, settings: Settings):
    document = build_document(hostile_draft(tmp_path).outcome, version(1, FIRST), settings)
    data = json.loads(outcome_json(document, None))
    assert SCRIPT in data["outcome"]["title"]
    assert SCRIPT in data["paragraphs"][0]["text"] and IMAGE in data["paragraphs"][0]["text"]
    assert "<script" not in data["paragraphs"][0]["html"]
    assert "&lt;script" in data["paragraphs"][0]["html"]
    assert CLOSE in data["versions"][0]["summary"]


def test_archive_entries_are_one_per_published_version(published: Path):
    entries = archive_entries(published)
    assert sorted((e.id, e.version) for e in entries) == [
        ("commit-som11", 1),
        ("commit-som11", 2),
        ("commit-som12", 1),
        ("commit-tf-2016", 1),
    ]
    first = next(e for e in entries if (e.id, e.version) == ("commit-som11", 1))
    assert first == ArchiveEntry(
        id="commit-som11",
        version=1,
        published=FIRST,
        title="Outcome of the Eleventh COMMIT Senior Officials Meeting",
        headline="COMMIT SOM 11 in Vientiane, Lao PDR Concluded",
        summary_html=first.summary_html,
        adopted=date(2016, 11, 24),
        meeting="Regional COMMIT Task Force and Senior Officials Meeting",
        venue="Vientiane, Lao PDR",
        dates="23–24 November 2016",
        language="en",
    )
    assert "<strong>ASEAN-COMMIT indicators</strong>" in first.summary_html
    assert archive_entries(published / "nothing-here") == []


def test_a_broken_published_json_is_named(published: Path):
    broken = published / "commit-som12" / "commit-som12.json"
    broken.write_text('{"id": "commit-som12"}', "utf-8")
    with pytest.raises(RenderFailed, match=r"commit-som12\.json"):
        archive_entries(published)


def test_archive_lists_each_outcome_once_newest_first_by_month(published: Path, settings: Settings):
    html = render_archive(archive_entries(published), settings, TEMPLATES)
    root = lxml.html.document_fromstring(html)
    months = [" ".join(h.text_content().split()) for h in root.xpath("//main//h2")]
    assert months == ["December 2017", "November 2016"]
    links = [(a.text_content(), a.get("href")) for a in root.xpath("//main//h3/a")]
    assert links == [
        ("Headline of commit-som12", "commit-som12/index.html"),
        ("COMMIT SOM 11: revised", "commit-som11/index.html"),
        ("Headline of commit-tf-2016", "commit-tf-2016/index.html"),
    ]
    text = " ".join(root.text_content().split())
    assert "24 November 2016 · Vientiane, Lao PDR · revised 3 January 2017 (version 2)" in text
    assert root.xpath("//time[@datetime='2017-12-01']")


def test_feed_is_atom_with_an_entry_per_version(published: Path, settings: Settings):
    feed = ET.fromstring(render_feed(archive_entries(published), settings, TEMPLATES))
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert feed.find(ATOM + name).text
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "tag:un-act.org,2017-12-01:commit-som12/published-1",
        "tag:un-act.org,2016-11-24:commit-som11/published-2",
        "tag:un-act.org,2016-11-24:commit-som11/published-1",
        "tag:un-act.org,2016-11-02:commit-tf-2016/published-1",
    ]
    assert feed.find(f"{ATOM}updated").text == "2017-12-05T00:00:00Z"
    assert entries[2].find(f"{ATOM}updated").text == "2016-11-25T09:30:00Z"
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert link.startswith("https://un-act.org/commit/outcomes/")
        assert link.endswith("/index.html")
    assert entries[1].find(f"{ATOM}title").text == "COMMIT SOM 11: revised – revised, version 2"


def test_feed_ids_stay_the_same_as_outcomes_are_added(
    published: Path, settings: Settings, example_draft: Draft
):
    before = render_feed(archive_entries(published), settings, TEMPLATES)
    assert render_feed(archive_entries(published), settings, TEMPLATES) == before
    outcome = another(example_draft.outcome, "commit-som13", date(2018, 6, 1), "SOM 13")
    when = datetime(2018, 6, 2, tzinfo=UTC)
    publish(published, build_document(outcome, version(1, when), settings))
    after = ET.fromstring(render_feed(archive_entries(published), settings, TEMPLATES))
    ids_before = [e.find(f"{ATOM}id").text for e in ET.fromstring(before).iter(f"{ATOM}entry")]
    ids_after = [e.find(f"{ATOM}id").text for e in after.iter(f"{ATOM}entry")]
    assert ids_after[1:] == ids_before


def test_hostile_text_stays_text_in_archive_and_feed(tmp_path: Path, settings: Settings):
    folder = tmp_path / "published"
    publish(folder, build_document(hostile_draft(tmp_path).outcome, version(1, FIRST), settings))
    entries = archive_entries(folder)
    archive = lxml.html.document_fromstring(render_archive(entries, settings, TEMPLATES))
    assert not archive.xpath("//script | //img")
    assert [a.get("href") for a in archive.xpath("//main//a")] == [
        "commit-som11/index.html",
        "https://un-act.org/?a=1&b=2",
    ]
    assert CLOSE in archive.text_content() and IMAGE in archive.text_content()
    feed = ET.fromstring(render_feed(entries, settings, TEMPLATES))
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"Headline {IMAGE}"
    summary = lxml.html.fragment_fromstring(entry.find(f"{ATOM}summary").text, create_parent="div")
    assert not summary.xpath("//script | //img")
    assert CLOSE in summary.text_content()


def test_a_site_url_without_a_host_is_refused(published: Path):
    with pytest.raises(RenderFailed, match="site_url"):
        render_feed(archive_entries(published), Settings(site_url="outcomes/"), TEMPLATES)


def test_archive_and_feed_hold_all_of_500_outcomes(
    tmp_path: Path, first: Document, settings: Settings
):
    template = outcome_json(first, None).decode("utf-8")
    folder = tmp_path / "published"
    for number in range(500):
        outcome_id = f"outcome-{number:03d}"
        path = folder / outcome_id / f"{outcome_id}.json"
        path.parent.mkdir(parents=True)
        text = template.replace("commit-som11", outcome_id)
        path.write_text(text.replace("(SOM 11)", f"(SOM {number})"), "utf-8")  # no cache hits
    entries = archive_entries(folder)  # its speed: bench/run.py --only archive
    assert len(entries) == 500
    assert render_archive(entries, settings, TEMPLATES).count('class="archive-entry"') == 500
    feed = ET.fromstring(render_feed(entries, settings, TEMPLATES))
    assert len(feed.findall(f"{ATOM}entry")) == 500
