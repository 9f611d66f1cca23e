"""Command line: thin click wrappers over the library. Heavy modules are imported inside the
commands so `--help` answers at once."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from streamline import __version__

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class Rate(click.ParamType):
    name = "rate"

    def convert(self, value, param, ctx):
        try:
            text = str(value).strip().rstrip("%")
            rate = Decimal(text.replace(",", "."))
            rate = rate / 100 if str(value).strip().endswith("%") or rate > 1 else rate
        except InvalidOperation:
            self.fail(f"not a rate: {value!r} (e.g. 0.20 or 20%)", param, ctx)
        if not 0 < rate <= 1:
            self.fail(f"rate must be between 0 and 1: {value!r}", param, ctx)
        return rate


params_option = click.option(
    "--params",
    "param_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Scenario parameter file(s) overlaid on the shipped ones.",
)


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def fail(exc) -> None:
    """A user's mistake: one line naming the file and the reason, exit status 2."""
    click.echo(f"streamline: lỗi: {exc.where}: {exc.reason}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="streamline")
def main() -> None:
    """streamline — job positions, payroll-reduction targets, payouts and salary fund from
    staffing workbooks (Vietnamese public sector)."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--as-of",
    type=click.DateTime(DATE_FORMATS),
    help="Analysis date (default: today); picks the rules in force.",
)
@click.option(
    "--horizon",
    type=click.DateTime(DATE_FORMATS),
    help="Count retirements up to this date (default: parameter reduction_horizon).",
)
@click.option(
    "--target",
    "rate",
    type=Rate(),
    help="Reduction rate, e.g. 0.20 or 20% (default: the reduction_rate parameter in force).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the workbook and HTML report (default: beside the input).",
)
@click.option(
    "--tables",
    "tables_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write every result table to this folder.",
)
@click.option(
    "--tables-format", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of labels and messages.",
)
@click.option(
    "--mask", is_flag=True, help="Replace names and IDs with stable pseudonyms in every output."
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar='"LABEL=field"',
    help="Read the column with this header as this field (repeatable; 'ignore' drops it).",
)
@params_option
@click.option("--no-html", is_flag=True, help="Skip the HTML report.")
@click.option(
    "--no-workbook",
    is_flag=True,
    help="Skip the Excel workbook (e.g. national data for --tables: Excel holds ~1M rows).",
)
@click.option(
    "--policy",
    type=click.Choice(["decree-29", "decree-178", "decree-154"]),
    help="Streamlining regime for payouts (default: the one for --as-of).",
)
def analyze(
    inputs,
    as_of,
    horizon,
    rate,
    out_dir,
    tables_dir,
    tables_format,
    lang,
    mask,
    mappings,
    param_files,
    no_html,
    no_workbook,
    policy,
):
    """Analyse staffing workbook(s): .xlsx .xls .ods .csv .parquet files or folders."""
    from streamline.errors import InputError

    try:
        from streamline.analysis import analyze as run_analysis
        from streamline.ingest import parse_overrides
        from streamline.report.console import print_summary
        from streamline.report.excel import write_workbook
        from streamline.report.tables import write_tables

        result = run_analysis(
            list(inputs),
            as_of=_date(as_of),
            horizon=_date(horizon),
            rate=rate,
            overrides=parse_overrides(mappings),
            lang=lang,
            mask=mask,
            param_files=tuple(param_files),
            policy=policy,
        )
        first = inputs[0]
        stem = first.stem if len(inputs) == 1 and first.is_file() else first.resolve().name
        folder = out_dir or (first.parent if first.is_file() else first)
        outputs = []
        if not no_workbook:
            outputs.append(write_workbook(result, folder / f"{stem}.streamline.xlsx"))
        if not no_html:
            from streamline.report.html import write_html

            outputs.append(write_html(result, folder / f"{stem}.streamline.html"))
        if tables_dir:
            write_tables(result, tables_dir, tables_format)
            outputs.append(tables_dir)
        print_summary(result, outputs)
    except InputError as exc:
        fail(exc)
    except OSError as exc:  # a locked, unreadable or unwritable file: the user's to fix
        where = exc.filename or (inputs[0] if inputs else "streamline")
        fail(InputError(str(where), f"không đọc/ghi được tệp ({exc.strerror or exc})"))


@main.command()
@click.option("--at", type=click.DateTime(DATE_FORMATS), help="Date (default: today).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@params_option
def params(at, lang, param_files):
    """Print the legal parameters in force on a date, with their sources."""
    from rich.console import Console
    from rich.table import Table

    from streamline.errors import InputError
    from streamline.params import load_params

    day = _date(at) or dt.date.today()
    try:
        listing = load_params(tuple(param_files)).listing(day, lang)
    except InputError as exc:
        fail(exc)
    en = lang == "en"
    table = Table(
        title=("Parameters in force on " if en else "Tham số có hiệu lực ngày ")
        + day.strftime("%d/%m/%Y")
    )
    for col in (("Name", "Tên"), ("Value", "Giá trị"), ("From", "Từ ngày"), ("Source", "Nguồn")):
        table.add_column(col[0] if en else col[1], overflow="fold")
    for row in listing.iter_rows(named=True):
        flag = "" if row["confirmed"] else (" ⚠ unconfirmed" if en else " ⚠ chưa xác nhận")
        table.add_row(
            row["name"], row["value"], row["valid_from"].strftime("%d/%m/%Y"), row["source"] + flag
        )
    Console().print(table)


from streamline.cli_payout import payout  # noqa: E402 (click only; heavy imports are lazy)

main.add_command(payout)

if __name__ == "__main__":  # pragma: no cover
    main()
