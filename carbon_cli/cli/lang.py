"""``--lang zh|en`` on every command, and ``--help`` in the chosen language.

The option is added by the app's group (:class:`~carbon_cli.cli.common.Guarded`) to every
command it runs or lists, so a new command has it without a line of its own. The language is
settled in this order: ``--lang``, then the ``lang:`` of the first site or portfolio YAML
(commands that read them call :func:`language_for`), then the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG`` starting with ``zh``), then English.

Help: Typer fixes help texts when the app is built, so they are translated just before a run
(:func:`translate_help`, from ``--lang`` in the arguments or the locale): every command's help,
epilog and panel names and every option's help go through the catalogue, and Typer's own panel
titles too; Click's and Typer's own words (``Usage:``, ``--help``'s own line, usage errors) through
:mod:`carbon_cli.cli.click_words`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from typer import _click as click
from typer.core import TyperGroup, TyperOption

from .. import i18n

#: ``--lang`` was given on this run (then a YAML's ``lang:`` does not decide).
_given = False
#: The language the run's arguments ask for (``--lang`` anywhere in them, else the locale's): what
#: holds before the option itself is parsed (``--help`` and usage errors met first).
_asked = "en"

HELP = (
    "Language of tables, messages, the Excel report and help: zh (简体中文) or en. Default: lang: in the YAML, "
    "else zh when LC_ALL/LC_MESSAGES/LANG starts with zh, else en. JSON and CSV never change."
)


def _choose(value: Any) -> Any:
    """The callback of every ``--lang``: the app's (``carbon --lang zh calc``) holds for the command
    below it, which then has no ``--lang`` of its own."""
    global _given
    if value is not None:
        _given = True
        i18n.set_language(str(value))
    elif not _given:
        i18n.set_language(_asked)
    return value


class Lang(StrEnum):
    """The languages of what people read."""

    en = "en"
    zh = "zh"


def option() -> TyperOption:
    """The ``--lang`` option: eager (so that errors in other options are in its language), not
    passed to the command's function. Built by Typer itself from an annotated parameter, once per
    language; each command gets its own copy."""
    return copy.copy(_built(i18n.language()))


@functools.cache
def _built(language: str) -> TyperOption:
    """The ``--lang`` option as Typer builds it (a throwaway app each time: 2 ms, once per command
    otherwise)."""

    def command(
        lang: Annotated[
            Lang | None,
            typer.Option(
                "--lang",
                help=i18n._(HELP),
                callback=_choose,
                is_eager=True,
                show_default=False,
                rich_help_panel=i18n._("Output"),
            ),
        ] = None,
    ) -> None: ...

    app = typer.Typer()
    app.command()(command)
    built = typer.main.get_command(app).params[0]
    built.expose_value = False
    return cast(TyperOption, built)


def add_option(command: click.Command | None) -> None:
    """Give ``command`` (and the commands of a group) the ``--lang`` option, once."""
    if command is None:
        return
    if not any(param.name == "lang" for param in command.params):
        command.params.append(option())
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            add_option(sub)


def language_for(files: Iterable[Path]) -> None:
    """A command reading site or portfolio YAMLs: without ``--lang``, the first ``lang:`` decides."""
    if not _given:
        i18n.set_language(i18n.from_files(files) or i18n.from_environment())


def from_arguments(args: Sequence[str]) -> str:
    """The language a run's arguments ask for (``--lang zh``, ``--lang=zh``), else the locale's."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args) and args[index + 1] in i18n.LANGUAGES:
            return args[index + 1]
        if arg.startswith("--lang=") and arg[7:] in i18n.LANGUAGES:
            return arg[7:]
    return i18n.from_environment()


def _translate_command(command: click.Command, seen: set[int]) -> None:
    if id(command) in seen:
        return
    seen.add(id(command))
    _ = i18n._
    for name in ("help", "short_help", "epilog"):
        text = getattr(command, name, None)
        if text:
            setattr(command, name, _(text) if name != "epilog" else _translate_epilog(text))
    if getattr(command, "rich_help_panel", None):
        command.rich_help_panel = _(command.rich_help_panel)  # type: ignore[attr-defined]
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)  # type: ignore[attr-defined]
        if getattr(param, "rich_help_panel", None):
            param.rich_help_panel = _(param.rich_help_panel)  # type: ignore[attr-defined]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _translate_command(sub, seen)


def _translate_epilog(text: str) -> str:
    """An epilog: the examples' heading translated, the commands themselves kept."""
    if text.startswith("Examples:"):
        return i18n._("Examples:") + text[len("Examples:") :]
    return i18n._(text)


def translate_help(group: TyperGroup, args: Sequence[str]) -> None:
    """Before a run: choose the language from ``args`` or the locale, and translate the help texts
    of ``group`` and every command under it (nothing to do in English)."""
    global _given, _asked
    _given = False  # a new run: no --lang seen yet
    lang = _asked = from_arguments(args)
    i18n.set_language(lang)
    from . import click_words

    click_words.use_language()  # Click's and Typer's own words, in either language
    if lang == "en":
        return
    _translate_command(group, set())
