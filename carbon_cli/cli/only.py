"""Build only the command a run invokes (issue 15: start-up).

Typer turns every registered command's signature into Click options on every run (about 0.04 s
for carbon's eight commands and the ``factors`` group, most of it spent on the ones not run).
When the arguments name their command plainly (``carbon calc ...``, ``carbon --debug calc ...``,
``carbon --lang zh factors list``), the app is built with that command alone; anything else
(``carbon``, ``--help``, ``--version``, a mistyped command that wants its did-you-mean, shell
completion) builds them all, as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

#: Options of the app itself that may come before the command (``--lang`` takes a value).
_FLAGS = ("--debug",)
_WITH_VALUE = ("--lang",)


def invoked(args: Sequence[str], names: Sequence[str]) -> str | None:
    """The command ``args`` run, when they name one of ``names`` after the app's own options only."""
    if any(key.endswith("_COMPLETE") for key in os.environ):  # shell completion lists every command
        return None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _FLAGS or any(arg.startswith(f"{option}=") for option in _WITH_VALUE):
            index += 1
        elif arg in _WITH_VALUE:
            index += 2
        else:
            return arg if arg in names else None
    return None


class OneCommandTyper(typer.Typer):
    """A Typer app that builds only the command its arguments invoke (see the module's text)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if given is None else list(given)
        names = [info.name for info in self.registered_commands] + [info.name for info in self.registered_groups]
        wanted = invoked(argv, [name for name in names if name])
        if wanted is None:
            return super().__call__(*args, **kwargs)
        everything = self.registered_commands, self.registered_groups
        self.registered_commands = [info for info in everything[0] if info.name == wanted]
        self.registered_groups = [info for info in everything[1] if info.name == wanted]
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_commands, self.registered_groups = everything
