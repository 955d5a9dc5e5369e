"""The one Jinja environment for HTML and XML outputs, and the filters every template shares."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from pipeline.context import long_date
from pipeline.errors import TemplateProblem
from pipeline.inline import Span
from pipeline.labels import PLACEHOLDER
from pipeline.languages import font_stack, passage_attributes, script_of

#: What a JSON text inside <script> must not hold as such: `</script>`, `<!--` and `&` entities.
SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@lru_cache(maxsize=8)
def environment(templates: Path) -> Environment:
    """The environment reading `templates` (a resolved folder): escaping, strict, no file else."""
    env = Environment(
        loader=FileSystemLoader(templates),
        # Every template escapes, whatever its name: the allowlist only says so out loud.
        autoescape=select_autoescape(("html", "xml", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        spans=spans_html,
        json_script=json_script,
        w3c=w3c,
        long_date=long_date,
        direction=direction,
        fonts=fonts,
        passage=passage,
        fill=fill,
        page_counters=page_counters,
    )
    return env


def render(templates: Path, name: str, **context: Any) -> str:
    """Render template `name` with `context`; a broken template becomes `TemplateProblem`."""
    folder = templates.resolve()
    try:
        return environment(folder).get_template(name).render(**context)
    except TemplateSyntaxError as error:
        where = f"{error.name or name}, line {error.lineno}"
        raise TemplateProblem(f"template {where}: {error.message}") from None
    except TemplateNotFound as error:
        where = _template_line(error.__traceback__, folder) or name
        raise TemplateProblem(f"template {where}: there is no template '{error.name}'") from None
    except TemplateError as error:
        where = _template_line(error.__traceback__, folder) or name
        raise TemplateProblem(f"template {where}: {error.message}") from None


def _template_line(trace: TracebackType | None, folder: Path) -> str | None:
    """'page.html.j2, line 12' for the innermost template frame of a rendering error."""
    found = None
    while trace is not None:
        file = Path(trace.tb_frame.f_code.co_filename)
        if file.is_relative_to(folder):
            found = f"{file.relative_to(folder)}, line {trace.tb_lineno}"
        trace = trace.tb_next
    return found


def spans_html(spans: tuple[Span, ...], addresses: bool = False) -> Markup:
    """Inline spans as escaped HTML; a link or an unagreed passage stays one element.

    With `addresses` (paper, where a link cannot be followed) each web or mail link is followed
    by its address, which print.css sets as a footnote.
    """
    parts = []
    for href, linked in groupby(spans, key=attrgetter("href")):
        inner = "".join(_marked(linked))
        parts.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)
        if href and addresses and not href.startswith("#"):
            parts.append(f'<span class="link-address">{escape(_address(href))}</span>')
    return Markup("".join(parts))


def _address(href: str) -> str:
    """What a reader of paper types or writes to: the URL, or the mail address alone."""
    return href[len("mailto:") :] if href.lower().startswith("mailto:") else href


def _marked(spans: Iterable[Span]) -> list[str]:
    parts = []
    for unagreed, group in groupby(spans, key=attrgetter("unagreed")):
        inner = "".join(_styled(span) for span in group)
        parts.append(f'<mark class="unagreed">{inner}</mark>' if unagreed else inner)
    return parts


def _styled(span: Span) -> str:
    html = str(escape(span.text))
    if span.code:
        html = f"<code>{html}</code>"
    if span.emphasis:
        html = f"<em>{html}</em>"
    if span.strong:
        html = f"<strong>{html}</strong>"
    return f"<br>{html}" if span.line_break else html


def direction(language: str) -> str:
    """`rtl` for a language written right to left (Arabic), else `ltr`."""
    return script_of(language).direction


def fonts(language: str, sans: bool = False) -> Markup:
    """The CSS font list for `language`: the names are this project's, never a draft's."""
    return Markup(font_stack(language, sans=sans))


def passage(language: str, document_language: str) -> Markup:
    """The lang and dir attributes of a passage in `language` inside a document in
    `document_language` (validated BCP 47 tags, escaped all the same)."""
    return Markup(passage_attributes(str(escape(language)), str(escape(document_language))))


def fill(label: str, /, **values: Any) -> Markup:
    """A label with its `{name}` values in, escaped: a value given as markup (a <time>) stays
    markup, so the label's words may stand on either side of it in any language."""
    escaped = str(escape(label))
    return Markup(PLACEHOLDER.sub(lambda match: str(escape(values[match[1]])), escaped))


def page_counters(label: str) -> Markup:
    """A label such as "page {page} of {pages}" as the CSS `content` of a page margin box:
    its words as CSS strings, its values as the page counters."""
    parts = []
    for index, piece in enumerate(PLACEHOLDER.split(label)):
        if index % 2:
            parts.append(f"counter({'pages' if piece == 'pages' else 'page'})")
        elif piece:
            parts.append(_css_string(piece))
    return Markup(" ".join(parts) or '""')


def _css_string(text: str) -> str:
    """`text` as a double-quoted CSS string that cannot end its rule or its <style>."""
    escaped = "".join(c if c.isalnum() or c in " .,:;-–/()·" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def json_script(value: Any) -> Markup:
    """JSON for a <script> element: no `<`, `>` or `&`, so draft text cannot end the script."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    return Markup(text.translate(SCRIPT_ESCAPES))


def w3c(moment: date | datetime) -> str:
    """`2016-11-25T09:30:00Z` (UTC, to the second) or `2016-11-24`: the form feeds and meta use."""
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()
