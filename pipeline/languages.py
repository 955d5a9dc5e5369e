"""What each language's writing needs from the renderers: its script, direction, fonts, the
slot Word takes its font from, and whether its lines need word boundaries found for them.

The renderers ask this module; none of them tests a language code itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: Between the words of Khmer, Lao and Myanmar text in the print edition: Pango breaks these
#: scripts only at spaces, which their writing does not put between words.
WORD_BREAK = "\u200b"


@dataclass(frozen=True)
class Script:
    """How text in one script is set."""

    name: str
    serif: str  #: the Noto font for body text
    sans: str  #: the Noto font for headings
    #: The w:rFonts attribute (and w:lang attribute) Word reads for this script's characters:
    #: "ascii" (with hAnsi), "eastAsia" or "cs" (complex scripts: Word's "bidi" language).
    word_slot: str = "ascii"
    direction: str = "ltr"
    #: Whether lines may break only where a dictionary finds words (Pango does not do it).
    segmented: bool = False


LATIN = Script("Latin", "Noto Serif", "Noto Sans")
SCRIPTS = {
    "Latn": LATIN,
    "Cyrl": LATIN,  # Noto Serif and Noto Sans cover Cyrillic and Greek too
    "Arab": Script("Arabic", "Noto Naskh Arabic", "Noto Sans Arabic", "cs", "rtl"),
    "Hans": Script("Simplified Chinese", "Noto Serif CJK SC", "Noto Sans CJK SC", "eastAsia"),
    "Hant": Script("Traditional Chinese", "Noto Serif CJK TC", "Noto Sans CJK TC", "eastAsia"),
    "Jpan": Script("Japanese", "Noto Serif CJK JP", "Noto Sans CJK JP", "eastAsia"),
    "Kore": Script("Korean", "Noto Serif CJK KR", "Noto Sans CJK KR", "eastAsia"),
    "Hebr": Script("Hebrew", "Noto Serif Hebrew", "Noto Sans Hebrew", "cs", "rtl"),
    # Thai: Pango breaks it by dictionary itself (libthai).
    "Thai": Script("Thai", "Noto Serif Thai", "Noto Sans Thai", "cs"),
    # Lao: fontconfig would take DejaVu Sans, which has a Lao block, so it is named.
    "Laoo": Script("Lao", "Noto Serif Lao", "Noto Sans Lao", "cs", segmented=True),
    "Khmr": Script("Khmer", "Noto Serif Khmer", "Noto Sans Khmer", "cs", segmented=True),
    "Mymr": Script("Myanmar", "Noto Serif Myanmar", "Noto Sans Myanmar", "cs", segmented=True),
}
#: The script a language is written in when its tag names none.
DEFAULT_SCRIPTS = {
    "ar": "Arab",
    "fa": "Arab",
    "ur": "Arab",
    "he": "Hebr",
    "zh": "Hans",
    "ja": "Jpan",
    "ko": "Kore",
    "th": "Thai",
    "lo": "Laoo",
    "km": "Khmr",
    "my": "Mymr",
    "ru": "Cyrl",
}
#: The fonts behind a script's own, for what it does not cover (Latin names, digits, signs).
FALLBACK_SERIF = ("Noto Serif", "Liberation Serif", "DejaVu Serif", "serif")
FALLBACK_SANS = ("Noto Sans", "Liberation Sans", "DejaVu Sans", "sans-serif")
#: The letters of the segmented scripts (Myanmar with its extensions A and B, Khmer with its
#: symbols), in runs: a word boundary is looked for inside a run only.
SEGMENTED_RUN = re.compile(
    "[\u0e80-\u0eff\u1780-\u17ff\u19e0-\u19ff\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]{2,}"
)


def names_language(tag: str, language: str) -> bool:
    """Whether the BCP 47 `tag` names `language` or a region or variant of it, case aside:
    `km-KH` and `KM` name `km`; `zh-Hans-CN` names `zh-Hans`, `zh-Hant` does not."""
    tag, language = tag.lower(), language.lower()
    return tag == language or tag.startswith(language + "-")


def script_of(language: str) -> Script:
    """The script of a BCP 47 language: its script subtag (`zh-Hant`), else its usual one."""
    subtags = language.split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            return SCRIPTS.get(subtag.title(), LATIN)
    return SCRIPTS[DEFAULT_SCRIPTS.get(subtags[0].lower(), "Latn")]


def passage_attributes(passage: str, document: str) -> str:
    """` lang="en" dir="ltr"` for a passage written in another language than its document's,
    so that browsers and screen readers read it as such; nothing when the language is the same."""
    if passage.split("-")[0].lower() == document.split("-")[0].lower():
        return ""
    return f' lang="{passage}" dir="{script_of(passage).direction}"'


def font_stack(language: str, *, sans: bool = False) -> str:
    """The CSS font-family list for text in `language`: its script's font first."""
    script = script_of(language)
    fallback = FALLBACK_SANS if sans else FALLBACK_SERIF
    names = dict.fromkeys([script.sans if sans else script.serif, *fallback])
    return ", ".join(name if name.endswith("serif") else f'"{name}"' for name in names)


def segment(text: str) -> str:
    """`text` with WORD_BREAK between two words of Khmer, Lao or Myanmar (as ICU's dictionaries
    find them), so that a line may break there and never inside a syllable."""
    return SEGMENTED_RUN.sub(_segment_run, text)


def _segment_run(match: re.Match[str]) -> str:
    run = match.group()
    breaker = _word_breaker()
    breaker.setText(run)  # these scripts lie in the BMP: ICU's UTF-16 offsets are indices here
    pieces, start = [], 0
    for end in breaker:
        if end < len(run) and _between_letters(run, end):
            pieces.append(run[start:end])
            start = end
    pieces.append(run[start:])
    return WORD_BREAK.join(pieces)


def _between_letters(run: str, index: int) -> bool:
    """A letter or its marks before, a letter after: never before a sign such as Khmer's ។."""
    return run[index].isalpha() and unicodedata.category(run[index - 1])[0] in "LM"


@lru_cache(maxsize=1)
def _word_breaker() -> Any:
    """ICU's word break iterator (its dictionaries for Khmer, Lao, Myanmar, Thai, CJK)."""
    import icu  # imported here: only the print edition of these scripts needs it

    return icu.BreakIterator.createWordInstance(icu.Locale.getRoot())


#: Each language named in itself, as a language switcher offers it (Unicode CLDR's names).
NATIVE_NAMES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "my": "မြန်မာ",
    "ru": "Русский",
    "th": "ไทย",
    "vi": "Tiếng Việt",
    "zh": "中文",
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
}


def native_name(language: str) -> str:
    """The language's name in itself; its tag where the table has none."""
    return NATIVE_NAMES.get(language, NATIVE_NAMES.get(language.split("-")[0], language))
