"""The web edition: page and fragment structure, escaping of hostile drafts, JSON-LD, templates."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
import yaml

from pipeline.context import Document, Version, build_document
from pipeline.errors import TemplateProblem
from pipeline.inline import parse_inline
from pipeline.loading import Draft, load_draft
from pipeline.render.environment import json_script, spans_html
from pipeline.render.html import render_fragment, render_page
from pipeline.settings import Settings
from tests import example_text
from tests.conftest import EXAMPLE, TEMPLATES

PUBLISHED = Version("published", 1, datetime(2016, 11, 25, 9, 30, tzinfo=UTC))
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
CLOSE = "</script><script>alert(2)</script>"
HOSTILE_TEXT = (
    f"Agreed {SCRIPT} and {IMAGE} and [a link](javascript:alert(1)) and {{{{ 7*7 }}}}, "
    "see [UN-ACT](https://un-act.org/?a=1&b=2)"
)


def published(draft: Draft, settings: Settings) -> Document:
    return build_document(draft.outcome, PUBLISHED, settings)


def hostile_draft(folder: Path) -> Draft:
    """The example with markup, script, a javascript: link and Jinja in every kind of text."""
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    data["title"] = f"Outcome {SCRIPT}"
    data["headline"] = f"Headline {IMAGE}"
    data["summary"] = (
        f"Summary {CLOSE} [x](javascript:alert(1)) and [UN-ACT](https://un-act.org/?a=1&b=2)"
    )
    data["meeting"]["name"] = f"Meeting {CLOSE}"
    data["meeting"]["host"] = f"Host {IMAGE}"
    data["participants"][0]["members"].append(SCRIPT)
    data["agenda"][0]["title"] = f"Agenda {SCRIPT}"
    data["sections"][0]["title"] = f"Section {IMAGE}"
    data["sections"][0]["paragraphs"][0]["text"] = HOSTILE_TEXT
    data["sections"][1]["paragraphs"][1]["items"][0] = f"item {SCRIPT} [y](JAVASCRIPT:alert(1))"
    data["actions"][0]["text"] = f"Act {IMAGE}"
    data["actions"][0]["owner"] = f"Owner {SCRIPT}"
    path = folder / EXAMPLE.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_draft(path)


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def example(example_draft: Draft, settings: Settings) -> Document:
    return published(example_draft, settings)


@pytest.fixture
def hostile(tmp_path: Path, settings: Settings) -> Document:
    return published(hostile_draft(tmp_path), settings)


def test_page_leads_with_headline_and_summary_then_meeting_outcomes_and_actions(example: Document):
    root = lxml.html.document_fromstring(render_page(example, TEMPLATES))
    assert root.get("lang") == "en"
    body = root.body
    assert [child.tag for child in body if child.tag != "a"] == ["header", "main", "footer"]
    order = [e for e in body.iter() if isinstance(e.tag, str)]
    (headline,) = body.xpath("//article//h1")
    (lead,) = body.xpath("//article//p[@class='lead']")
    meeting = root.get_element_by_id("meeting")
    first_section = body.xpath("//section[@class='outcome-section']")[0]
    (actions,) = body.xpath("//*[@id='actions']//table")
    positions = [order.index(e) for e in (headline, lead, meeting, first_section, actions)]
    assert positions == sorted(positions)
    assert text_of(headline) == "COMMIT SOM 11 in Vientiane, Lao PDR Concluded"
    assert text_of(lead).startswith("The Regional COMMIT Task Force and Senior Officials Meeting")
    assert "ASEAN-COMMIT indicators" in [text_of(s) for s in lead.iter("strong")]
    facts = text_of(meeting)
    for fact in ("Vientiane, Lao PDR", "23–24 November 2016", "Government of Lao PDR", "Viet Nam"):
        assert fact in facts
    assert len(meeting.xpath(".//ol[@class='agenda']/li")) == 5
    assert len(actions.xpath("./tbody/tr")) == 4


def test_paragraphs_are_one_numbered_list_across_sections_with_anchors(example: Document):
    root = lxml.html.document_fromstring(render_page(example, TEMPLATES))
    sections = root.xpath("//section[@class='outcome-section']")
    assert [text_of(s.xpath("./h2")[0]) for s in sections] == example_text.SECTIONS
    items = root.xpath("//section[@class='outcome-section']/ol[@class='numbered']/li")
    assert [li.get("value") for li in items] == [str(n) for n in range(1, 10)]
    for (number, paragraph_id, text, _), li in zip(example_text.PARAGRAPHS, items, strict=True):
        assert (li.get("value"), li.get("id")) == (str(number), f"para-{paragraph_id}")
        assert text_of(li).startswith(text)
    (sub_items,) = root.get_element_by_id("para-rotating-chair").xpath("./div[@class='items']")
    assert [text_of(p) for p in sub_items] == [
        "(a) represent COMMIT externally; and",
        "(b) give guidance and direction internally.",
    ]


@pytest.mark.parametrize("render", [render_page, render_fragment])
def test_every_paragraph_text_is_in_the_html(example: Document, render):
    text = text_of(lxml.html.fromstring(render(example, TEMPLATES)))
    for paragraph in example_text.TEXTS:
        assert paragraph in text


def test_json_ld_describes_the_meeting_as_an_event(example: Document):
    root = lxml.html.document_fromstring(render_page(example, TEMPLATES))
    (script,) = root.head.xpath("./script[@type='application/ld+json']")
    event = json.loads(script.text)
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2016-11-23", "2016-11-24")
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"]["addressLocality"] == "Vientiane"
    assert [o["name"] for o in event["organizer"]] == [
        "Government of Lao PDR",
        "UN-ACT, COMMIT Secretariat",
    ]
    assert event["url"] == "https://un-act.org/commit/outcomes/commit-som11/index.html"


def test_fragment_is_the_article_alone(example: Document):
    html = render_fragment(example, TEMPLATES)
    assert not re.search(r"<\s*(html|head|body|!doctype)\b", html, re.IGNORECASE)
    (article,) = lxml.html.fragments_fromstring(html)
    assert article.tag == "article"
    assert article.get("lang") == "en"
    links = [a.get("href") for a in article.iter("a")]
    assert "https://un-act.org/commit/outcomes/commit-som11/commit-som11.pdf" in links


def test_page_needs_nothing_from_elsewhere(example: Document):
    root = lxml.html.document_fromstring(render_page(example, TEMPLATES))
    assert not root.xpath("//link[@rel='stylesheet'] | //*[@src]")
    assert root.xpath("//meta[@name='viewport']")
    assert "@media" in root.head.xpath("./style")[0].text


@pytest.mark.parametrize("render", [render_page, render_fragment])
def test_hostile_draft_text_comes_out_as_text(hostile: Document, render):
    html = render(hostile, TEMPLATES)
    root = lxml.html.document_fromstring(html)
    scripts = root.xpath("//script")
    assert [s.get("type") for s in scripts] == (
        ["application/ld+json"] if render is render_page else []
    )
    assert html.count("</script>") == len(scripts)
    assert not root.xpath("//img | //iframe | //object | //embed")
    attributes = [name for element in root.iter() for name in getattr(element, "attrib", {})]
    assert not [name for name in attributes if name.startswith("on")]
    hrefs = [a.get("href", "") for a in root.iter("a")]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    assert "https://un-act.org/?a=1&b=2" in hrefs
    text = text_of(root)
    for typed in (SCRIPT, IMAGE, CLOSE, "{{ 7*7 }}", f"Outcome {SCRIPT}", "and a link and"):
        assert typed in text


def test_json_ld_cannot_be_closed_by_a_draft(hostile: Document):
    root = lxml.html.document_fromstring(render_page(hostile, TEMPLATES))
    (script,) = root.xpath("//script")
    assert "<" not in script.text and ">" not in script.text and "&" not in script.text
    event = json.loads(script.text)
    assert event["name"] == f"Meeting {CLOSE} (SOM 11)"
    assert json.loads(json_script({"t": "</script>&<!--"})) == {"t": "</script>&<!--"}


def test_spans_render_as_escaped_html():
    spans = parse_inline("a **b** *c* `<d>` [e *f*](https://x.org/?g=1&h=2) [not agreed] <i>")
    assert str(spans_html(spans)) == (
        "a <strong>b</strong> <em>c</em> <code>&lt;d&gt;</code> "
        '<a href="https://x.org/?g=1&amp;h=2">e <em>f</em></a> '
        '<mark class="unagreed">[not agreed]</mark> &lt;i&gt;'
    )
    assert str(spans_html(parse_inline("one  \ntwo [x](javascript:alert(1))"))) == "one<br>two x"


def test_rendering_is_reproducible(example: Document):
    assert render_page(example, TEMPLATES) == render_page(example, TEMPLATES)


def broken_templates(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / name
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return folder


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_an_undefined_name_is_reported_with_template_and_line(tmp_path: Path, example: Document):
    folder = broken_templates(
        tmp_path, "fragment.html.j2", "{{ document.headline }}", "{{ document.hedline }}"
    )
    with pytest.raises(TemplateProblem) as caught:
        render_page(example, folder)
    line = line_of(folder, "fragment.html.j2", "document.hedline")
    assert f"fragment.html.j2, line {line}" in caught.value.message
    assert "hedline" in caught.value.message


def test_a_syntax_error_is_reported_with_template_and_line(tmp_path: Path, example: Document):
    folder = broken_templates(tmp_path, "page.html.j2", "{% endif %}", "{% endfor %}")
    with pytest.raises(TemplateProblem, match=r"page\.html\.j2, line \d+"):
        render_page(example, folder)


def test_a_missing_template_is_named(tmp_path: Path, example: Document):
    folder = broken_templates(tmp_path, "page.html.j2", '"style.css"', '"styles.css"')
    expected = r"page\.html\.j2, line \d+: there is no template 'styles\.css'"
    with pytest.raises(TemplateProblem, match=expected):
        render_page(example, folder)


@pytest.mark.parametrize("render", [render_page, render_fragment])
def test_the_web_edition_links_without_printing_addresses(example: Document, render):
    spans = parse_inline("See [the ILO page](https://www.ilo.org/).")
    assert str(spans_html(spans, addresses=True)).endswith(
        '<span class="link-address">https://www.ilo.org/</span>.'
    )
    html = render(with_links(example), TEMPLATES)
    assert "link-address" not in html and 'href="https://www.ilo.org/"' in html


def with_links(document: Document) -> Document:
    outcome = document.outcome
    first = outcome.sections[0]
    paragraph = replace(first.paragraphs[0], text="See [ILO](https://www.ilo.org/).")
    section = replace(first, paragraphs=[paragraph, *first.paragraphs[1:]])
    changed = replace(outcome, sections=[section, *outcome.sections[1:]])
    return build_document(changed, document.version, document.settings)


MINISTERS = ["Jane Doe, Minister of Labour (Ruritania)", "John Roe, Secretary of State (Freedonia)"]
MINISTERS_LINE = (
    "Ministers: Jane Doe, Minister of Labour (Ruritania); John Roe, Secretary of State (Freedonia)"
)


def with_ministers(document: Document) -> Document:
    """The example whose first participant group is two ministers, each named with a comma."""
    outcome = document.outcome
    group = replace(outcome.participants[0], group="Ministers", members=MINISTERS)
    changed = replace(outcome, participants=[group, *outcome.participants[1:]])
    return build_document(changed, document.version, document.settings)


@pytest.mark.parametrize("render", [render_page, render_fragment])
def test_members_holding_commas_stay_apart(example: Document, render):
    root = lxml.html.fromstring(render(with_ministers(example), TEMPLATES))
    groups = [text_of(li) for li in root.xpath("//ul[@class='participants']/li")]
    assert groups[0] == MINISTERS_LINE
    assert groups[4] == "Civil society and youth: civil society stakeholders; COMMIT Youth Forum"


@pytest.mark.parametrize("render", [render_page, render_fragment])
def test_actions_are_headed_numbered_and_marked_empty_as_in_word(example: Document, render):
    root = lxml.html.fromstring(render(example, TEMPLATES))
    (section,) = root.xpath("//section[@id='actions']")
    assert text_of(section.xpath("./h2")[0]) == "Follow-up actions"
    assert [text_of(th) for th in section.xpath(".//thead//th")] == [
        "No.",
        "Action",
        "Responsible",
        "Due",
    ]
    rows = [[text_of(cell) for cell in tr] for tr in section.xpath(".//tbody/tr")]
    assert [row[0] for row in rows] == ["A1", "A2", "A3", "A4"]
    assert [row[2:] for row in rows] == [
        ["National COMMIT Task Forces", "–"],
        ["COMMIT governments", "31 December 2017"],
        ["COMMIT governments", "–"],
        ["National COMMIT Task Forces, with UN-ACT", "–"],
    ]


def test_the_fragment_carries_the_markers_of_sub_items_as_text(example: Document):
    fragment = lxml.html.fragment_fromstring(render_fragment(example, TEMPLATES))
    paragraph = fragment.get_element_by_id("para-rotating-chair")
    assert not paragraph.xpath(".//ol")  # no list numbering for a site's styles to show as "a."
    labels = [span.text for span in paragraph.xpath(".//p[@class='item']/span[@class='label']")]
    assert labels == ["(a)\t", "(b)\t"]  # a tab, read as a space where no style sets it


def test_the_page_names_the_meeting_and_its_number_once(example: Document):
    root = lxml.html.document_fromstring(render_page(example, TEMPLATES))
    facts = [
        (text_of(div[0]), text_of(div[1]))
        for div in root.get_element_by_id("meeting").xpath("./dl/div")
    ]
    assert facts[:2] == [
        ("Meeting", "Regional COMMIT Task Force and Senior Officials Meeting (SOM 11)"),
        ("Number", "11"),
    ]
    assert text_of(root.xpath("//p[@class='kicker']")[0]) == "COMMIT Process · SOM 11"
