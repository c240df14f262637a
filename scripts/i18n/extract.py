"""Extract every message template of the library into ``carbon_cli/locale/carbon.pot``.

A template is the text of an error or a notice as the code builds it: the problem and the
``fix=`` of every ``CarbonError`` subclass raised (``ConfigError(f"...", fix=f"...")``), the
message of every ``Notice``, and the f-strings assigned to ``note``, ``message``, ``problem``,
``fix`` or ``detail`` (pieces a message is put together from). Each ``{expression}`` of an
f-string becomes a numbered placeholder ``{0}``, ``{1}`` …: at run time the English text is
matched against the template, and the values it holds are put into the Chinese one
(:mod:`carbon_cli.i18n.messages`). The label texts of the renderers (``render/labels.py``,
the tables, the workbook) are entries of the ``.po`` written by hand, not extracted.

Run: ``python scripts/i18n/extract.py`` (writes the .pot); ``--check`` lists the templates
that have no Chinese entry in the ``.po`` and exits 1 when there are any; ``--merge`` appends
them to the ``.po`` with an empty ``msgstr`` for a translator to fill in (``tests/test_i18n.py``
fails until every one is). Check the result with ``msgfmt --check`` (GNU gettext).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "carbon_cli"
POT = PACKAGE / "locale" / "carbon.pot"
PO = PACKAGE / "locale" / "zh" / "LC_MESSAGES" / "carbon.po"

#: The calls whose text is a message: the error classes and ``Notice``.
ERRORS = {"CarbonError", "ConfigError", "InputDataError", "QualityError"}
#: Names a piece of a message is assigned to before it is put into one.
PIECES = {"note", "message", "problem", "fix", "detail"}
#: Templates with fewer letters than this outside placeholders match anything: left out.
MIN_LETTERS = 4


def template(node: ast.expr) -> str | None:
    """The template of a message expression: a string, or an f-string with numbered placeholders."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        number = 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            else:
                parts.append(f"{{{number}}}")
                number += 1
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template(node.left), template(node.right)
        if left is not None and right is not None and not ("{0}" in left and "{0}" in right):
            return left + right if "{" not in right or "{0}" not in left else None
    return None


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def messages(tree: ast.AST) -> Iterator[tuple[ast.expr, int]]:
    """Every message expression of a module, with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in ERRORS:
                if node.args:
                    yield node.args[0], node.lineno
                for keyword in node.keywords:
                    if keyword.arg in ("problem", "fix"):
                        yield keyword.value, node.lineno
            elif name == "Notice":
                if len(node.args) >= 3:
                    yield node.args[2], node.lineno
                for keyword in node.keywords:
                    if keyword.arg == "message":
                        yield keyword.value, node.lineno
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(isinstance(t, ast.Name) and t.id in PIECES for t in targets):
                yield node.value, node.lineno
        if isinstance(node, ast.IfExp):
            continue


def _expand(node: ast.expr) -> list[ast.expr]:
    """``a if c else b`` is two messages."""
    if isinstance(node, ast.IfExp):
        return [*_expand(node.body), *_expand(node.orelse)]
    return [node]


def literal_letters(text: str) -> int:
    import re

    return sum(c.isalpha() for c in re.sub(r"\{\d+\}", "", text))


def extract(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Every template in the package, with where it is (``path:line``), in a stable order."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, line in messages(tree):
            for expression in _expand(node):
                text = template(expression)
                if text is None or literal_letters(text) < MIN_LETTERS:
                    continue
                found.setdefault(text, []).append(f"{path.relative_to(package.parent).as_posix()}:{line}")
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def write_pot(found: dict[str, list[str]], path: Path = POT) -> None:
    lines = [
        "# Message templates of carbon's errors and notices (scripts/i18n/extract.py writes this file).",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for text, places in found.items():
        lines += [f"#: {' '.join(places[:3])}", "#, python-brace-format", f"msgid {_quote(text)}", 'msgstr ""', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def _all_msgids(path: Path) -> set[str]:
    """Every msgid of a .po, translated or not (its entries without a translation included)."""
    import re

    text = path.read_text(encoding="utf-8")
    return {m.replace('\\"', '"').replace("\\\\", "\\") for m in re.findall(r'^msgid "(.*)"$', text, re.M)}


def main(argv: list[str]) -> int:
    found = extract()
    if "--merge" in argv:
        sys.path.insert(0, str(ROOT))
        from carbon_cli.i18n.po import quote, read_po

        known = set(read_po(PO)) | _all_msgids(PO)
        new = [text for text in found if text not in known]
        with PO.open("a", encoding="utf-8") as po:
            for text in new:
                po.write(f'\n#: {" ".join(found[text][:3])}\n#, python-brace-format\nmsgid {quote(text)}\nmsgstr ""\n')
        print(f"{len(new)} new templates appended to {PO.relative_to(ROOT)}")
        return 0
    if "--check" in argv:
        sys.path.insert(0, str(ROOT))
        from carbon_cli.i18n.po import read_po

        catalogue = read_po(PO)
        missing = [text for text in found if not catalogue.get(text)]
        for text in missing:
            print(f"no Chinese entry: {text!r} ({found[text][0]})")
        return 1 if missing else 0
    write_pot(found)
    print(f"{len(found)} templates -> {POT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
