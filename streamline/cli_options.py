"""Options and error handling shared by every command, declared once.

Only click and the standard library are imported here, so `--help` stays instant; the
`--policy` choices are read from the shipped parameter packs (a new regime is a data file
plus its SQL, not a code change).
"""

from __future__ import annotations

import datetime as dt
import sys
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def shipped_regimes() -> list[str]:
    """Regime codes of the shipped `policy_regime` rows, oldest first."""
    rows: dict[str, dt.date] = {}
    # The folder itself, not importlib.resources: importing streamline.params loads polars.
    for item in sorted((Path(__file__).parent / "params" / "data").glob("*.toml")):
        text = item.read_text("utf-8")
        if "[policy_regime]" in text:  # parse only the packs: --help stays instant
            for row in tomllib.loads(text)["policy_regime"].get("rows", []):
                rows.setdefault(row["regime"], row["in_force_from"])
    return sorted(rows, key=rows.__getitem__)


class UserError(click.ClickException):
    """An option value the user must fix, coded like the library's InputError; shown as the
    same one line with exit status 2 when click rejects it while parsing."""

    exit_code = 2

    def __init__(self, where: str, code: str, ctx: click.Context | None = None, **details):
        super().__init__(code)
        self.where, self.code, self.details = where, code, details
        # --lang is eager, so it is known before any other option is converted.
        self.lang = (ctx.params.get("lang") if ctx else None) or "vi"

    def show(self, file=None) -> None:
        click.echo(error_line(self.where, self.code, self.details, self.lang), err=True)


class Day(click.ParamType):
    """A date as yyyy-mm-dd or dd/mm/yyyy."""

    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise UserError(f"--{param.name.replace('_', '-')}", "bad_date", ctx, value=str(value))


class BirthDay(Day):
    """A birth date, or only its month (mm/yyyy) or year (yyyy): law.md §2 takes January of
    a year alone. The precision is left in the context's meta as "birth_precision"."""

    def convert(self, value, param, ctx):
        text = str(value).strip()
        for fmt, precision in (("%Y", "year"), ("%m/%Y", "month"), ("%Y-%m", "month")):
            try:
                day = dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if ctx is not None:
                ctx.meta["birth_precision"] = precision
            return day
        return super().convert(value, param, ctx)


class Rate(click.ParamType):
    """A share: 0.20, 0,20, 20% or 20."""

    name = "rate"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        try:
            rate = Decimal(text.rstrip("%").replace(",", "."))
        except InvalidOperation:
            raise UserError("--target", "bad_rate", ctx, value=text) from None
        rate = rate / 100 if text.endswith("%") or rate > 1 else rate
        if not 0 < rate <= 1:
            raise UserError("--target", "rate_range", ctx, value=text)
        return rate


def as_of_option(help_text: str = "Analysis date (default: today); picks the rules in force."):
    return click.option("--as-of", type=Day(), help=help_text)


params_option = click.option(
    "--params",
    "param_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scenario parameter file(s) overlaid on the shipped ones.",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    is_eager=True,
    help="Language of labels and messages.",
)
map_option = click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar='"LABEL=field"',
    help="Read the column with this header as this field (repeatable; 'ignore' drops it).",
)
layout_option = click.option(
    "--layout",
    "layout_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the columns as this layout file says (written by `streamline inspect --save`).",
)
date_order_option = click.option(
    "--date-order",
    type=click.Choice(["dmy", "mdy"]),
    help="Order of day and month in text dates a column leaves ambiguous (default: found per "
    "column; day first when it cannot be told).",
)


def reading_options(command):
    """--map, --layout and --date-order: how the input files' columns are read."""
    return map_option(layout_option(date_order_option(command)))


def reading(mappings, layout_file, date_order) -> dict:
    """The read_inputs keywords of the reading options (a --layout file's date order applies
    unless --date-order is given)."""
    from streamline.ingest import parse_overrides
    from streamline.ingest.layoutfile import load_layout

    saved, saved_order = load_layout(layout_file) if layout_file else ({}, None)
    return {"overrides": parse_overrides(mappings), "saved": saved,
            "date_order": date_order or saved_order}


policy_option = click.option(
    "--policy",
    type=click.Choice(shipped_regimes()),
    help="Streamlining regime (default: the one in force on --as-of).",
)


def error_line(where: str, code: str, details: dict, lang: str) -> str:
    from streamline.report import i18n

    reason = i18n.message(f"error.{code}", details, lang)
    return f"{i18n.label('error.prefix', lang)}: {where}: {reason}"


def fail(where: str, code: str, details: dict, lang: str) -> None:
    """A user's mistake: one line naming the file or option and the reason, exit status 2."""
    click.echo(error_line(where, code, details, lang), err=True)
    sys.exit(2)


@contextmanager
def user_errors(lang: str, default_where: str = "streamline"):
    """Turn a user's mistake (bad file, option or parameter; a locked or unwritable file) into
    the one-line message and exit status 2."""
    from streamline.errors import InputError

    try:
        yield
    except (InputError, UserError) as exc:
        fail(exc.where, exc.code, exc.details, lang)
    except OSError as exc:
        fail(str(exc.filename or default_where), "io_error",
             {"detail": exc.strerror or str(exc)}, lang)


def _args_lang(args: list[str]) -> str:
    """--lang as typed anywhere on the line (a usage error may come before it is parsed)."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "vi"
    return "vi"


def usage_line(exc: click.UsageError, lang: str) -> str:
    """click's usage error as one line: the path that does not exist, the argument that is
    missing, the file given where a folder is needed; anything else in click's own words."""
    text = exc.format_message().strip().replace("\n", " ")
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        name = (exc.param.opts[0] if exc.param.param_type_name == "option"
                else (exc.param.human_readable_name or "FILE").upper())
        return _bare_line("missing_argument", {"name": name}, lang)
    if isinstance(exc, click.BadParameter):
        import re

        found = re.search(r"(?:Path|File|Directory) '(.*)' (does not exist|is a file)", text)
        if found and found.group(2) == "does not exist":
            return error_line(found.group(1), "file_missing", {}, lang)
        if found:
            return error_line(found.group(1), "not_a_folder", {}, lang)
    return _bare_line("usage", {"detail": text}, lang)


def _bare_line(code: str, details: dict, lang: str) -> str:
    """An error line naming no file: `streamline: lỗi: <reason>`."""
    from streamline.report import i18n

    return f"{i18n.label('error.prefix', lang)}: {i18n.message(f'error.{code}', details, lang)}"


class Guarded(click.Group):
    """The top-level guard of every command: a usage error is one line with exit status 2; an
    unexpected exception (a bug) is one line with a bug-report hint and exit status 3, its
    traceback shown only with --debug. Never a traceback for the user's input."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)
        lang = _args_lang(argv)
        debug = "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv
        try:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `streamline`: the help
                exc.show()
                sys.exit(exc.exit_code)
            if exc.ctx is not None and "lang" in exc.ctx.params:
                lang = exc.ctx.params["lang"] or lang
            click.echo(usage_line(exc, lang), err=True)
            sys.exit(2)
        except click.ClickException as exc:  # UserError and the like: their own one line
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except (SystemExit, KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as exc:  # calamine panics are BaseExceptions too
            internal_error(exc, lang, debug)


def internal_error(exc: BaseException, lang: str, debug: bool) -> None:
    """A bug, not the user's mistake: one line asking for a report, exit status 3; the
    traceback with --debug."""
    import traceback

    from streamline.report import i18n

    if debug:
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    text = str(exc).strip().splitlines()
    detail = f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__
    click.echo(i18n.message("error.internal", {"detail": detail}, lang), err=True)
    sys.exit(3)
