"""Messages in the chosen language: an error, a notice or a finding is built in English with an
f-string wherever it arises; here, at the render boundary, its text is matched against the
templates of the catalogue (``{0}``, ``{1}`` … stand for the values) and the translation is
filled with the values found. A value that is itself a message or a term (an activity, a scope
view) is translated too; file names, ids, cells and numbers stay as they are.

A text that matches no template stays English, so a message a new piece of code adds is never
lost; ``tests/test_i18n_catalogue.py`` fails until the catalogue has it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..errors import CarbonError
from . import _, catalogue, language

#: The texts of this process that no entry matched (what a translator adds next; tests read it).
MISSED: set[str] = set()

_WORD = re.compile(r"[A-Za-z]{2,}")

#: YAML keys whose value in a message (a fix) is typed into the site YAML: never translated.
_TYPED_KEYS = ("conversions: ", "activity: ")

#: A term with a count after it (``gap 2``, a check and its findings in a summary line).
_COUNTED = re.compile(r"(.+?)( \d[\d,]*)?")


def _split_outside_brackets(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` that is not inside brackets (a note's own ``(a; b)``
    stays whole)."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        depth += char == "("
        depth -= char == ")" and depth > 0
        if depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            start = index = index + len(separator)
            continue
        index += 1
    return [*parts, text[start:]]


def _unwrapped(text: str) -> str:
    """A translated text without what stays in Latin letters by rule (gases, units): what is left
    must be Chinese for the translation to count as whole."""
    return re.sub(r"\b(CO2e?|CH4|N2O|kWh|MWh|GJ|t|kg|m3)\b", "", text)


#: A numbered placeholder of a template, or an escaped brace.
_PIECE = re.compile(r"\{\{|\}\}|\{(\d+)\}")


def _unescape(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


@cache
def _exact(lang: str) -> dict[str, str]:
    """The entries without placeholders, by their text as printed."""
    return {_unescape(k): _unescape(v) for k, v in catalogue(lang).items() if not re.search(r"\{\d+\}", k)}


@cache
def _templates(lang: str) -> list[tuple[str, str, str, re.Pattern[str], list[int], str]]:
    """The entries with placeholders: the literal text they start and end with and their longest
    literal piece (cheap tests before the pattern: a portfolio's thousand site names are tried
    against every template), a
    pattern matching the English text, the placeholder of each group, the translation; the most
    specific (most literal text) first."""
    found = []
    for msgid, msgstr in catalogue(lang).items():
        if not re.search(r"\{\d+\}", msgid):
            continue
        pattern, numbers, last = [], [], 0
        for piece in _PIECE.finditer(msgid):
            pattern.append(re.escape(msgid[last : piece.start()]))
            if piece.group(1) is None:
                pattern.append(re.escape(piece.group()[0]))
            else:
                # a placeholder after "row " or "line " is a row number, one before " at or above" a
                # count of findings: never a piece of prose
                before, after = msgid[last : piece.start()], msgid[piece.end() :]
                counted = before.endswith(("row ", "line ")) or after.startswith(" at or above")
                pattern.append(r"(\d[\d,]*)" if counted else "(.*?)")
                # a placeholder after a YAML key (``conversions: {1}:``, ``activity: {0}``) is what the
                # user types into the site YAML: kept as written (a negative number marks it)
                typed = before.endswith(_TYPED_KEYS)
                numbers.append(-1 - int(piece.group(1)) if typed else int(piece.group(1)))
            last = piece.end()
        pattern.append(re.escape(msgid[last:]))
        literal = len(_PIECE.sub("", msgid))
        pieces = _PIECE.split(msgid)
        head = _unescape(pieces[0]) if not msgid.startswith("{{") else ""
        tail = _unescape(pieces[-1]) if not msgid.endswith("}}") else ""
        longest = max((p for p in pieces[::2] if p), key=len, default="")
        found.append((literal, head, tail, longest, re.compile("".join(pattern), re.DOTALL), numbers, msgstr))
    found.sort(key=lambda entry: -entry[0])
    return [entry[1:] for entry in found]


def _fill(translation: str, values: dict[int, str]) -> str:
    def piece(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return match.group()[0]
        return values.get(int(match.group(1)), "")

    return _PIECE.sub(piece, translation)


def translate(text: str, *, depth: int = 0) -> str:
    """``text`` in the chosen language: an exact entry, else the first template it matches with
    its values put in (themselves translated when they are a message or a term), else itself.
    The same text is looked up once (a workbook repeats its labels and terms)."""
    lang = language()
    if lang == "en" or not text:
        return text
    return _translated(lang, text) if depth == 0 else _translate(text, depth)


@lru_cache(maxsize=65536)
def _translated(lang: str, text: str) -> str:
    return _translate(text, 0)


def _translate(text: str, depth: int) -> str:
    lang = language()
    entries = _exact(lang)
    # A term (``term:natural_gas`` -> 天然气: an activity, scope view, check or level) is translated
    # wherever it stands. Another exact entry (a label) only as a whole text, or as a sentence
    # inside a message: a value such as a file's column ``quantity`` stays as the file writes it.
    term = entries.get("term:" + text)
    if term is not None:
        return term
    exact = entries.get(text)
    if exact is not None and (depth == 0 or text.count(" ") >= 2):
        return exact
    if depth > 0:  # a list of terms (the checks of a summary line, ``gap 2``): each translated
        names = [_COUNTED.fullmatch(name) for name in text.split(", ")]
        if all(m is not None and "term:" + m.group(1) in entries for m in names):
            return "、".join(entries["term:" + m.group(1)] + (m.group(2) or "") for m in names if m is not None)
    if depth > 3:
        return text
    if "; " in text:  # notes joined by "; " (factor fallbacks): each part on its own
        parts = _split_outside_brackets(text, "; ")
        shown = [_translate(part, depth + 1) for part in parts] if len(parts) > 1 else []
        if shown and all(new != old or not _WORD.search(old) for new, old in zip(shown, parts, strict=True)):
            return "；".join(shown)
    if "), " in text:  # messages joined by ", " that each end in a bracket (``1 error (gap), 2 warnings (...)``)
        parts = [part + ")" for part in text[:-1].split("), ")] if text.endswith(")") else []
        shown = [_translate(part, depth + 1) for part in parts]
        if len(parts) > 1 and all(not _WORD.search(_unwrapped(new)) for new in shown):
            return "，".join(shown)
    for head, tail, longest, pattern, numbers, translation in _templates(lang):
        if not (text.startswith(head) and text.endswith(tail) and longest in text):
            continue
        found = pattern.fullmatch(text)
        if found is not None:
            values = {
                (n if n >= 0 else -1 - n): _translate(v, depth + 1) if v and n >= 0 else v
                for n, v in zip(numbers, found.groups(), strict=True)
            }
            return _fill(translation, values)
    if depth == 0 and _WORD.search(text):
        MISSED.add(text)
    return text


#: Where an error is: `` row 5``, ``, column 'kWh'`` in Chinese.
_ROW = re.compile(r" row (\d+)")
_COLUMN = re.compile(r",? column '")


def where(text: str) -> str:
    """A file and row as an error names them (``bills/gas.csv row 5, column 'kWh'``), in the chosen language."""
    if language() == "en":
        return text
    return _COLUMN.sub(" " + _("column") + " '", _ROW.sub(lambda m: " " + _("row {n}").format(n=m.group(1)), text))


def error_text(error: CarbonError) -> str:
    """An error's one line (``where: problem. fix``) in the chosen language."""
    if language() == "en":
        return str(error)
    problem = translate(error.problem)
    text = f"{where(error.where)}: {problem}" if error.where else problem
    if error.fix:
        text = f"{text}。{translate(error.fix)}"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
