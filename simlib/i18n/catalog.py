"""The current language and the gettext catalogue of simlib's own messages (see :mod:`simlib.i18n`)."""

from __future__ import annotations

import functools
import os
import string
from pathlib import Path
from typing import Any

from simlib.i18n.numbers import fmt

LANGUAGES = ("en", "es")
"""The course's languages: English (the source) and Spanish."""
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "simlib"
"""The gettext domain: ``locale/<language>/LC_MESSAGES/simlib.po``."""

_state = {"language": os.environ.get("SIMLIB_LANGUAGE", "en")}


def set_language(language: str) -> str:
    """Choose the language of simlib's messages for this session (``"en"`` or ``"es"``); return it.

    Call it once, at the top of a notebook: ``set_language("es")``. In a notebook, a language
    other than English also shows pandas tables in it (:func:`simlib.i18n.tables.install_display`).
    """
    code = str(language).strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        raise ValueError(f"language {language!r}: choose one of {', '.join(LANGUAGES)}")
    _state["language"] = code
    if code != "en":  # in a notebook, tables show their words and numbers the reader's way
        from simlib.i18n.tables import install_display

        install_display()
    return code


def get_language() -> str:
    """The current language code (``"en"`` unless :func:`set_language` or ``SIMLIB_LANGUAGE`` chose another)."""
    return _state["language"] if _state["language"] in LANGUAGES else "en"


def catalogue_path(language: str) -> Path:
    """Where the PO catalogue of a language lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=None)
def translations(language: str) -> dict[str, str]:
    """msgid -> msgstr of a language's catalogue: reviewed entries only (no fuzzy, no empty ones)."""
    path = catalogue_path(language)
    if language == "en" or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id: m.string for m in catalogue
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


class _LocaleFormatter(string.Formatter):
    """``str.format`` whose numbers are written the current language's way (:func:`fmt`)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        return fmt(value, format_spec)


def tr(message: str, **values: Any) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled from ``values``.

    An untranslated message comes back in English. Numbers in the
    placeholders follow the language (``{share:.0%}`` -> ``82 %`` in Spanish).
    """
    language = get_language()
    text = translations(language).get(message, message) if language != "en" else message
    if not values:
        return text
    if language == "en":
        return text.format(**values)
    return _LocaleFormatter().format(text, **values)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (translate it with :func:`tr` when shown)."""
    return message
