"""The preview's own markup around the draft's page: its bar, its problems and its script.

Everything taken from a draft or a message is escaped here; the script is the page's only
one and runs under the nonce that the page's content-security policy names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from pipeline.errors import DraftInvalid

if TYPE_CHECKING:
    from pipeline.preview.pages import State

CHROME_HEAD = Markup("""<link rel="icon" href="data:,">
<style>
.preview-bar { background: #1d2327; color: #fff; font: 0.9rem/1.45 "Noto Sans", Arial, sans-serif;
  padding: 0.6rem 0; }
.preview-bar p { margin: 0.15rem 0; }
.preview-bar a { color: #fff; font-weight: 700; }
.preview-bar a:hover, .preview-bar a:focus { color: #ffe98a; }
.preview-bar .preview-label { display: inline-block; margin-right: 0.4rem; padding: 0 0.4rem;
  background: #ffe98a; color: #1d2327; font-weight: 700; text-transform: uppercase;
  letter-spacing: 0.04em; }
.preview-bar .preview-offline { color: #ffb4a8; font-weight: 700; }
.preview-problems { position: sticky; top: 0; z-index: 10; max-height: 45vh; overflow: auto;
  background: #fdecea; color: #5c0b00; border-bottom: 3px solid #a40000;
  font: 0.9rem/1.45 "Noto Sans", Arial, sans-serif; padding: 0.5rem 0; }
.preview-problems.preview-warnings { position: static; background: #fff6d6; color: #3d3000;
  border-bottom-color: #8a6d00; }
.preview-problems .wrap > * { margin: 0.3rem 0; }
.preview-problems h2 { font-size: 1rem; margin-top: 0.2rem; }
.preview-problems pre { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 0.4rem;
  font: 0.85rem/1.4 "Noto Sans Mono", "DejaVu Sans Mono", monospace; }
.preview-empty { font: 1rem/1.45 "Noto Sans", Arial, sans-serif; margin: 1rem 1.125rem; }
mark.unagreed { background: #ffff00; color: inherit; outline: 1px solid #8a6d00; }
/* English, left to right, on a right-to-left edition's page too (over its rule that sets an
   English passage against the right margin). */
.preview-bar[dir="ltr"], .preview-problems[dir="ltr"] { text-align: left; }
</style>
""")


#: The preview's own words are English, set left to right on a right-to-left edition's page too.
ENGLISH = Markup('lang="en" dir="ltr"')


def bar(shown_as: str, draft_id: str, unagreed: int, redline: bool = True) -> Markup:
    """The bar that says what this page is, and links to the editions rendered on request (a
    language edition's changes are `outcomes diff`'s, text by text: no redline)."""
    name = escape(draft_id)
    brackets = ""
    if unagreed:
        noun = "passage" if unagreed == 1 else "passages"
        brackets = Markup(
            "<p>{} {} in [square brackets] not yet agreed, highlighted; "
            "publication refuses them.</p>"
        ).format(unagreed, noun)
    return Markup(
        '<div class="preview-bar" role="region" aria-label="Preview" {english}>'
        '<div class="wrap">\n<p><span class="preview-label">Preview</span> of {shown}: '
        "not a publication. "
        "Nothing is recorded; the page follows every save.</p>\n"
        "<p>Render on request: "
        '<a href="/{name}/{name}.pdf">PDF</a> · '
        '<a href="/{name}/{name}-review.docx">Word review copy</a>{changes}</p>\n'
        "{brackets}"
        '<p class="preview-offline" id="preview-offline" hidden>The preview cannot be '
        "reached: is <code>outcomes preview</code> still running?</p>\n"
        "</div></div>\n"
    ).format(
        shown=shown_as,
        name=name,
        brackets=brackets,
        changes=_changes_links(name, redline),
        english=ENGLISH,
    )


def _changes_links(name: str, redline: bool) -> Markup:
    if not redline:
        return Markup("")
    return Markup(
        ' · <a href="/{name}/redline.html">Changes since the last recorded version</a> '
        '(<a href="/{name}/{name}-redline.docx">in Word</a>)'
    ).format(name=name)


def problems_panel(state: State) -> Markup:
    """The latest save's problems, as `validate` prints them, over the last page that rendered."""
    errors = [p for p in state.problems if p.severity == "error"]
    if not errors and not state.failure and not state.problems:
        return Markup("")
    if errors or state.failure:
        heading = "The draft does not validate" if errors else "The page could not be rendered"
        lines = [str(p) for p in state.problems]
        if errors:
            lines.append(DraftInvalid(state.problems, after="").message)
        if state.failure:
            lines.append(state.failure)
        return Markup(
            '<section class="preview-problems" role="alert" aria-labelledby="preview-problems" '
            '{english}><div class="wrap">\n<h2 id="preview-problems">{heading}</h2>\n'
            "<pre>{lines}</pre>\n"
            "<p>{since}</p>\n</div></section>\n"
        ).format(
            heading=heading,
            lines="\n".join(lines),
            since=_since(state),
            english=ENGLISH,
        )
    return Markup(
        '<section class="preview-problems preview-warnings" aria-labelledby="preview-problems" '
        '{english}><div class="wrap">\n<h2 id="preview-problems">Warnings</h2>\n'
        "<pre>{lines}</pre>\n"
        "</div></section>\n"
    ).format(lines="\n".join(str(p) for p in state.problems), english=ENGLISH)


def _since(state: State) -> str:
    if state.page:
        return (
            f"Below is the page as it last rendered, at {state.saved}; it follows the draft "
            "again once the problems are fixed and saved."
        )
    return "No page has rendered yet: it shows once the problems above are fixed and saved."


def reload_script(nonce: str, shown: str, events: str) -> Markup:
    """Reload when the server says the page changed (server-sent events at `events`); say when
    it is gone."""
    return Markup(
        '<script nonce="{nonce}">\n'
        "(() => {{\n"
        '  const shown = "{shown}";\n'
        '  const offline = document.getElementById("preview-offline");\n'
        '  const events = new EventSource("{events}");\n'
        "  events.onmessage = (event) => {{ if (event.data !== shown) location.reload(); }};\n"
        "  events.onopen = () => {{ if (offline) offline.hidden = true; }};\n"
        "  events.onerror = () => {{ if (offline) offline.hidden = false; }};\n"
        "}})();\n"
        "</script>\n"
    ).format(nonce=nonce, shown=shown, events=events)


def published_bar(relative: str) -> Markup:
    """The bar over a page of published/ that a link of the preview led to: it is not live."""
    return Markup(
        '<div class="preview-bar" role="region" aria-label="Published file" {english}>'
        '<div class="wrap">\n'
        '<p><span class="preview-label">Published</span> {relative} as last published, not '
        'a preview: it does not follow the drafts. <a href="/">Back to the preview</a></p>\n'
        "</div></div>\n"
    ).format(relative=relative, english=ENGLISH)


def not_published(address: str, shown_as: str) -> str:
    """The page for a link to what neither the preview renders nor published/ holds yet."""
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Not published yet</title>\n{head}"
            "<style>body {{ margin: 0; }} .wrap {{ margin: 0 1.125rem; }} "
            ".preview-empty {{ max-width: 42rem; }}</style>\n"
            "</head>\n<body>\n"
            '<div class="preview-bar" role="region" aria-label="Preview"><div class="wrap">\n'
            '<p><span class="preview-label">Preview</span> of {shown_as}: '
            '<a href="/">back to its page</a></p>\n</div></div>\n'
            '<main class="preview-empty"><h1>Not published yet</h1>\n'
            "<p>Nothing is published at <code>{address}</code> yet.</p>\n"
            "<p>The preview renders this outcome's pages live from the drafts as saved; the "
            "rest of the site (the archive, the feed, earlier versions) is what "
            "<code>published/</code> holds, where <code>outcomes publish</code> writes it.</p>\n"
            "</main>\n</body>\n</html>\n"
        ).format(address=address, shown_as=shown_as, head=CHROME_HEAD)
    )


def standalone(draft_id: str, top: Markup, script: Markup) -> str:
    """The page while no version of the draft has rendered yet: the bar and the problems."""
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Preview of {id}</title>\n{head}"
            "<style>body {{ margin: 0; }} .wrap {{ margin: 0 1.125rem; }}</style>\n"
            "</head>\n<body>\n{top}"
            '<main class="preview-empty"><h1>{id}</h1></main>\n'
            "{script}</body>\n</html>\n"
        ).format(id=draft_id, head=CHROME_HEAD, top=top, script=script)
    )
