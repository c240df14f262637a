"""The text encoding of a CSV, settled from the whole file (issue 16.14).

A byte-order mark settles it (UTF-16, UTF-8); else UTF-8 when every byte decodes as UTF-8; else
GB18030 (the Chinese national standard, a superset of GBK that Excel writes in China). Two
cases are refused rather than guessed, since GB18030 decodes almost any bytes into mojibake:

- **mixed**: UTF-8 text with a few bytes that are not (one Latin-1 ``é`` pasted into a UTF-8
  file): fewer bad bytes than characters UTF-8 reads correctly. A GB18030 file reads the other
  way (most of its bytes fail as UTF-8; a few pairs pass by chance).
- **single bytes**: no UTF-8 character at all and every non-ASCII byte alone between ASCII
  ones: a Chinese character in GB18030 is two bytes of 0x80 and up, so this is a one-byte
  code page (Latin-1, Windows-1252), which only the YAML can name.

Both errors name the first bad byte's offset and line and the ``encoding:`` key that settles it.
"""

from __future__ import annotations

import codecs
import re

import numpy as np

from .errors import InputDataError

__all__ = ["settle_encoding"]

_ESCAPED = re.compile("[\udc80-\udcff]")
_FIX = "on this bill entry in the site YAML"


def settle_encoding(data: bytes, name: str) -> str:
    """The encoding of ``data`` (a whole file): ``utf-16``, ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    :raises InputDataError: the file is UTF-8 but for a few bytes, or single-byte text, naming
        the first bad byte's offset and line and ``encoding:``.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:
        return "utf-8"
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    line = data.count(b"\n", 0, first) + 1
    where = f"byte {first:,} (0x{data[first]:02X}, line {line:,})"
    if good and bad <= good:
        raise InputDataError(
            f"is UTF-8 text except {bad:,} byte(s) that are not, the first at {where}",
            where=name,
            fix=f"Correct that text and save the file as UTF-8, or give its real encoding: {_FIX}",
        )
    if not good:
        high = np.frombuffer(data, dtype=np.uint8) >= 0x80
        if not (high[:-1] & high[1:]).any():
            raise InputDataError(
                f"is neither UTF-8 nor GB18030 text: {where} stands alone between ASCII characters, as in "
                "Latin-1 or Windows-1252",
                where=name,
                fix=f"Save the CSV as UTF-8, or give encoding: cp1252 (or the file's encoding) {_FIX}",
            )
    return "gb18030"
