"""Click's and Typer's own words in the chosen language (issue 18): ``Usage:``, the help option's
``Show this message and exit.``, the panels' titles, ``Try 'carbon -h' for help.``, the ``Error``
panel and the usage errors in it (``No such option``, ``Missing argument``, ``Invalid value for``,
``Got unexpected extra argument``, did-you-mean, the type checks' messages).

Typer vendors Click with its words written in English in the code, not through ``gettext``; Typer's
own words are module constants of ``typer.rich_utils`` read through ``gettext``'s global domain
when Typer is imported. So the hooks are installed once, from the app's group, and each asks the
catalogue at run time: Click's usage prefix and help option take their words from it, and the
error panel's message is matched against the catalogue's templates (``No such option: {0}`` …).
The panel titles Typer keeps as module constants are set for each run from their English text.
Under English every hook gives back the English text itself: nothing changes.
"""

from __future__ import annotations

from typing import Any

from .. import i18n

#: Typer's module constants that are words, with their English text (set again on every run).
_CONSTANTS = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "DEPRECATED_STRING": "(deprecated) ",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
#: Click's usage prefix and the help option's help, as Click writes them.
USAGE = "Usage: "
HELP_OPTION = "Show this message and exit."

_installed = False
#: whether another language than English was ever set (then English must be set back)
_changed = False


def use_language() -> None:
    """Set Typer's word constants to the chosen language (English: their own text) and install
    the hooks that translate the rest at run time (once per process)."""
    global _changed
    if i18n.language() == "en" and not _changed:
        return  # Typer's own English stands, and its help module is not loaded for nothing
    _changed = True
    from typer import rich_utils

    for name, english in _CONSTANTS.items():
        setattr(rich_utils, name, i18n._(english))
    _install()


def _install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    from typer import _click, rich_utils
    from typer._click.formatting import HelpFormatter

    write_usage = HelpFormatter.write_usage

    def usage(self: HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, i18n._(USAGE) if prefix is None else prefix)

    HelpFormatter.write_usage = usage  # type: ignore[method-assign]

    help_option = _click.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = help_option(self, ctx)
        if option is not None:
            option.help = i18n._(HELP_OPTION)
        return option

    _click.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    format_error = rich_utils.rich_format_error

    def rich_format_error(self: Any) -> None:
        if i18n.language() != "en":
            from ..i18n.messages import translate

            message = translate(self.format_message())
            self.format_message = lambda: message
        format_error(self)

    rich_utils.rich_format_error = rich_format_error
