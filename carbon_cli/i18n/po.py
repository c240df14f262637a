"""Reading and writing gettext ``.po`` files: the catalogue is data, read at run time.

Only what carbon's catalogue uses: ``msgid``/``msgstr`` pairs (strings continued over several
lines), ``#`` comments and ``#,`` flags; an entry flagged ``fuzzy`` counts as untranslated, as
gettext's ``msgfmt`` treats it. No plural forms (carbon's messages have none).
"""

from __future__ import annotations

from pathlib import Path

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, found {text[:40]!r}")
    body, out, index = text[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            out.append(_ESCAPES.get(body[index + 1], body[index + 1]))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


def quote(text: str) -> str:
    """``text`` as a ``.po`` string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def read_po(path: str | Path) -> dict[str, str]:
    """The translated entries of a ``.po`` file, msgid -> msgstr (empty and fuzzy entries left out;
    the header entry, msgid ``""``, too).

    :raises ValueError: a line that is not a comment, a keyword or a quoted string (file and line).
    """
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = next_fuzzy = False

    def close() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value and not fuzzy:
                entries[key] = value

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        where = f"{path} line {number}"
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#,"):
            next_fuzzy = "fuzzy" in stripped
        elif stripped.startswith("#"):
            continue
        elif stripped.startswith("msgid "):
            close()
            msgid, msgstr, fuzzy, next_fuzzy = [_unquote(stripped[6:], where)], None, next_fuzzy, False
            current = msgid
        elif stripped.startswith("msgstr "):
            msgstr = [_unquote(stripped[7:], where)]
            current = msgstr
        elif stripped.startswith('"') and current is not None:
            current.append(_unquote(stripped, where))
        else:
            raise ValueError(f"{where}: not a .po line: {stripped[:40]!r}")
    close()
    return entries


def write_po(path: str | Path, entries: list[tuple[str, str, list[str]]], header: str) -> None:
    """Write ``(msgid, msgstr, comments)`` entries after a header entry (``header`` is its msgstr)."""
    lines = ['msgid ""', f"msgstr {quote(header)}", ""]
    for msgid, msgstr, comments in entries:
        lines += [*comments, f"msgid {quote(msgid)}", f"msgstr {quote(msgstr)}", ""]
    Path(path).write_text("\n".join(lines), encoding="utf-8")
