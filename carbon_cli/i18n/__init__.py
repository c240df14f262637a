"""The language of the human-facing outputs (``--lang zh|en``, ``lang:`` in the YAML, the locale)
and the one catalogue every translated text comes from.

English is the msgid: the code writes English, and :func:`_` looks the text up in
``carbon_cli/locale/<lang>/LC_MESSAGES/carbon.po`` (read at run time, once). A text without an
entry stays English. Messages built with f-strings (errors, notices, findings) are translated
whole by :func:`carbon_cli.i18n.messages.translate`, which matches them against the templates
``scripts/i18n/extract.py`` took from the code. Machine outputs (JSON keys and values, CSV,
exit codes) never go through here. Nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from .po import read_po

#: The languages carbon speaks; English is the source text.
LANGUAGES = ("en", "zh")
#: Where the catalogues live: ``<lang>/LC_MESSAGES/carbon.po``.
LOCALE = Path(__file__).resolve().parent.parent / "locale"

_language = "en"


def set_language(lang: str | None) -> None:
    """Choose the language of what follows (``None``: English)."""
    global _language
    _language = lang if lang in LANGUAGES else "en"


def language() -> str:
    """The language chosen (``en`` until :func:`set_language`)."""
    return _language


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """``zh`` when the locale is Chinese, else ``en``: the first of ``LC_ALL``, ``LC_MESSAGES``
    and ``LANG`` that is set decides (as POSIX orders them)."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def from_files(paths: Iterable[Path]) -> str | None:
    """The ``lang:`` of the first site or portfolio YAML that has one (``None`` when none has, or
    a file cannot be read yet: loading it reports that, in the language of the environment)."""
    from ..errors import CarbonError
    from ..safe_yaml import read_yaml

    for path in paths:
        try:
            value = read_yaml(Path(path)).get("lang")
        except (CarbonError, OSError, AttributeError):
            continue
        if value in LANGUAGES:
            return str(value)
    return None


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The entries of ``lang``'s catalogue, msgid -> translation (English has none)."""
    path = LOCALE / lang / "LC_MESSAGES" / "carbon.po"
    return read_po(path) if lang != "en" and path.is_file() else {}


def _(text: str) -> str:
    """``text`` in the chosen language (itself when the catalogue has no entry for it)."""
    if _language == "en":
        return text
    return catalogue(_language).get(text, text)


def label(text: str, **values: object) -> str:
    """A label with ``{name}`` placeholders, translated, then filled in: ``label("{n} sites", n=3)``."""
    return _(text).format(**values)


def kind(prefix: str, value: str) -> str:
    """A word the code writes in English for a state or kind (a coverage status, the reason a row
    was left out), looked up as ``prefix:value``: the same English word can read differently where
    it stands (the status ``fallback``, 替代, beside the column ``fallback``, 替代说明). Itself
    when the catalogue has no entry."""
    if _language == "en":
        return value
    return catalogue(_language).get(f"{prefix}:{value}", value)
