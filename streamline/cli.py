"""Command line: thin click wrappers over the library. Heavy modules are imported inside the
commands so `--help` answers at once."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from streamline import __version__
from streamline.cli_inspect import inspect
from streamline.cli_options import (
    Day,
    Guarded,
    Rate,
    UserError,
    as_of_option,
    lang_option,
    params_option,
    policy_option,
    reading,
    reading_options,
    user_errors,
)
from streamline.cli_payout import payout
from streamline.cli_project import project
from streamline.cli_store import import_files, merge


@click.group(cls=Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="streamline")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
def main(debug: bool) -> None:
    """streamline — job positions, payroll-reduction targets, payouts and salary fund from
    staffing workbooks (Vietnamese public sector)."""


main.add_command(inspect)
main.add_command(payout)
main.add_command(project)
main.add_command(import_files)
main.add_command(merge)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--db",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Analyse what `streamline import` stored in this file instead of FILES_OR_FOLDERS.",
)
@click.option("--unit", help='Roll-up of this node only: "Agency > Unit > Sub-unit".')
@click.option("--level", type=click.IntRange(1), help="Roll-up down to this tree level.")
@as_of_option()
@click.option(
    "--horizon",
    type=Day(),
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
    "--name",
    help="File name of the outputs (default: the input's name; for several inputs the name "
    "of the folder they share).",
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
    "--raw-csv",
    is_flag=True,
    help="CSV tables exactly as computed: no apostrophe before text that Excel would run as a "
    "formula (= + - @).",
)
@lang_option
@click.option(
    "--mask",
    is_flag=True,
    help="Pseudonyms for names and IDs (keyed: see --mask-key), birth year only, title group "
    "only, no source rows or deferral reasons, in every output.",
)
@click.option(
    "--mask-key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Secret key file of the --mask pseudonyms (implies --mask); created with 32 random "
    "bytes when missing. Default: streamline-mask.key beside the first input.",
)
@reading_options
@params_option
@click.option("--no-html", is_flag=True, help="Skip the HTML report.")
@click.option(
    "--no-workbook",
    is_flag=True,
    help="Skip the Excel workbook (e.g. national data for --tables: Excel holds ~1M rows).",
)
@policy_option
def analyze(
    inputs,
    as_of,
    horizon,
    rate,
    out_dir,
    tables_dir,
    tables_format,
    raw_csv,
    name,
    lang,
    mask,
    mask_key,
    mappings,
    layout_file,
    date_order,
    param_files,
    no_html,
    no_workbook,
    policy,
    db,
    unit,
    level,
):
    """Analyse staffing workbook(s): .xlsx .xls .ods .csv .parquet files or folders, or a
    store (--db)."""
    if bool(db) == bool(inputs):
        raise UserError("--db", "db_or_inputs")
    inputs = inputs or (db,)
    with user_errors(lang, str(inputs[0])):
        import dataclasses

        from streamline.analysis import analyze as run_analysis
        from streamline.analysis import grade_names, type_patterns
        from streamline.ingest import read_inputs
        from streamline.params import load_params
        from streamline.report.console import print_summary
        from streamline.report.outputs import write_outputs

        masking = _masking(inputs[0], mask_key, lang) if mask or mask_key else False
        with _Progress(lang) as progress:
            with progress.phase("read"):
                params = load_params(tuple(param_files))
                how = reading(mappings, layout_file, date_order)
                overrides = how["overrides"]
                if db:
                    from streamline.store import load

                    ingested, roots = load(db)
                else:
                    ingested, roots = read_inputs(list(inputs), overrides, grade_names(params),
                                                  type_patterns(params),
                                                  date_order=how["date_order"],
                                                  saved=how["saved"]), None
            with progress.phase("compute"):
                result = run_analysis(
                    list(inputs),
                    as_of=as_of,
                    horizon=horizon,
                    rate=rate,
                    overrides=overrides,
                    mask=masking,
                    param_files=tuple(param_files),
                    ingested=ingested,
                    policy=policy,
                    roots=roots,
                )
            if unit or level:
                from streamline.store import select_nodes

                result.tables["rollup"] = select_nodes(result.tables["rollup"], unit, level)
            result = dataclasses.replace(result, lang=lang)
            first = inputs[0]
            stem = name or output_stem(inputs)
            folder = out_dir or (first.parent if first.is_file() else first)
            with progress.phase("write"):
                outputs = write_outputs(result, folder, stem, workbook=not no_workbook,
                                        html=not no_html, tables_dir=tables_dir,
                                        tables_format=tables_format, raw=raw_csv)
        print_summary(result, outputs)
    files = ingested.files
    if bad := ingested.unreadable:  # a partial run: said, and exit status 1
        from streamline.cli_options import error_line

        total = files.filter(files["status"] != "duplicate").height
        click.echo(error_line(str(inputs[0]) if len(inputs) == 1 else "streamline", "partial",
                              {"bad": bad, "total": total}, lang), err=True)
        sys.exit(1)


def output_stem(inputs) -> str:
    """The outputs' file name: the input's stem, a folder's name, or for several inputs the
    name of the folder they share."""
    if len(inputs) == 1:
        first = inputs[0]
        return first.stem if first.is_file() else first.resolve().name
    return Path(os.path.commonpath([p.resolve() for p in inputs])).name or "streamline"


PROGRESS_AFTER = 2.0  # seconds: quicker runs show no progress at all


class _Progress:
    """One line per phase of `analyze` (read, compute, write) on stderr, shown once the run has
    taken PROGRESS_AFTER seconds; nothing at all when stderr is not a terminal (pipes, tests,
    CI logs). The library itself never prints."""

    def __init__(self, lang: str):
        self.lang, self.bar, self.shown = lang, None, False
        self.lock = threading.Lock()
        if not _stderr_is_terminal():
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(SpinnerColumn(finished_text="✓"), TextColumn("{task.description}"),
                            TimeElapsedColumn(), console=Console(stderr=True),
                            redirect_stdout=False, redirect_stderr=False)
        self.timer = threading.Timer(PROGRESS_AFTER, self._show)
        self.timer.daemon = True

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is None:
            return
        with self.lock:
            self.timer.cancel()
            if self.shown:
                self.bar.stop()
            self.bar = None  # a late timer shows nothing

    def _show(self) -> None:
        with self.lock:
            if self.bar is not None:
                self.bar.start()
                self.shown = True

    @contextmanager
    def phase(self, name: str):
        from streamline.report import i18n

        bar = self.bar
        task = None if bar is None else bar.add_task(
            i18n.label(f"privacy.progress_{name}", self.lang), total=1)
        yield
        if task is not None:
            bar.update(task, completed=1)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _masking(first_input: Path, key_file: Path | None, lang: str):
    """The --mask settings: the user's key (created beside the first input when missing, with
    a note on stderr) and the language of the title group's word."""
    from streamline.privacy import Masking, default_key_path, load_key
    from streamline.report import i18n

    path = key_file or default_key_path(first_input)
    key, created = load_key(path)
    if created:
        click.echo(i18n.message("privacy.key_created", {"path": str(path)}, lang), err=True)
    return Masking(key)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the two workbooks.",
)
@click.option(
    "--agency",
    metavar='"UBND TỈNH … / SỞ …"',
    help="Issuing body printed top left, one line per '/' (default: a line to fill by hand).",
)
@as_of_option()
@policy_option
@lang_option
@params_option
@reading_options
def forms(inputs, out_dir, agency, as_of, policy, lang, param_files, mappings, layout_file,
          date_order):
    """Write the lists to send upward (<stem>.bieu_mau.xlsx: one list per route with people
    proposed, surplus headcount per unit, cost estimate) and the job-position project
    (<stem>.de_an_vtvl.xlsx)."""
    with user_errors(lang, str(inputs[0])):
        import dataclasses

        from streamline.analysis import analyze as run_analysis
        from streamline.report import i18n
        from streamline.report.forms import route_lists, write_forms, write_vtvl

        result = run_analysis(
            list(inputs),
            as_of=as_of,
            **reading(mappings, layout_file, date_order),
            param_files=tuple(param_files),
            policy=policy,
        )
        result = dataclasses.replace(result, lang=lang)
        stem = output_stem(inputs)
        outputs = [
            write_forms(result, out_dir / f"{stem}.bieu_mau.xlsx", agency),
            write_vtvl(result, out_dir / f"{stem}.de_an_vtvl.xlsx", agency),
        ]
        lists = route_lists(result)
        counts = {"lists": len(lists), "people": sum(people.height for *_, people in lists)}
        click.echo(i18n.message("forms.cli_lists", counts, lang))
        click.echo(f"{i18n.label('report.outputs', lang)}:")
        for path in outputs:
            click.echo(f"  {path}")


@main.command()
@click.option("--at", type=Day(), help="Date (default: today).")
@click.option(
    "--changes",
    nargs=2,
    type=Day(),
    metavar="FROM TO",
    help="Instead: what changed between two dates (values in force on FROM vs on TO).",
)
@lang_option
@params_option
def params(at, changes, lang, param_files):
    """Print the legal parameters in force on a date, with their sources; or, with --changes,
    what changed between two dates."""
    with user_errors(lang):
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from streamline.params import load_params
        from streamline.report import i18n, localize

        if changes:
            if at:
                raise UserError("--changes", "at_with_changes")
            _print_changes(load_params(tuple(param_files)), *changes, lang)
            return
        day = at or dt.date.today()
        raw = load_params(tuple(param_files)).listing(day).with_columns(defaulted=False)
        shown = localize("parameters", raw, lang)
        table = Table(title=i18n.label("report.params_title", lang) + " " + i18n.date(day))
        for col in ("name", "value", "valid_from", "source"):
            table.add_column(i18n.column(col, lang), overflow="fold")
        flag = " " + i18n.label("confirmed.false", lang)
        for row, confirmed in zip(shown.iter_rows(named=True), raw["confirmed"], strict=True):
            # Text, not markup: names and citations hold brackets ("[nguồn thứ cấp]").
            table.add_row(Text(row["name"]), Text(row["value"]),
                          i18n.date(row["valid_from"]),
                          Text(row["source"] + ("" if confirmed else flag)))
        Console().print(table)


def _print_changes(params, start: dt.date, end: dt.date, lang: str) -> None:
    """The parameters that differ between two dates (Params.changes) as a table: the parameter
    (label, then name[key]), the change, the value on each date, from when, the source (⚠ when
    unconfirmed)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from streamline.report import i18n, parameter_value

    dates = {"from": start, "to": end}
    changed = params.changes(start, end)
    if changed.is_empty():
        click.echo(i18n.message("changes.none", dates, lang))
        return
    side = "label_en" if lang == "en" else "label_vi"
    table = Table(title=i18n.message("changes.title", dates, lang))
    for header in (i18n.column("label", lang), i18n.label("changes.change", lang),
                   i18n.message("changes.old_value", dates, lang),
                   i18n.message("changes.new_value", dates, lang),
                   i18n.label("changes.valid_from", lang), i18n.column("source", lang)):
        table.add_column(header, overflow="fold")
    flag = " " + i18n.label("confirmed.false", lang)
    for row in changed.iter_rows(named=True):
        spec = params.spec(row["name"])
        ident = row["name"] + (f"[{row['key']}]" if row["key"] is not None else "")
        what = Text(spec.get(side) or spec.get("label_vi") or row["name"])
        what.append("\n" + ident, style="dim")
        table.add_row(what, i18n.coded("change", row["change"], lang),
                      Text(parameter_value(row["old_value"], lang) or ""),
                      Text(parameter_value(row["new_value"], lang) or ""),
                      i18n.date(row["valid_from"]),
                      Text(row["source"] + ("" if row["confirmed"] else flag)))
    Console().print(table)


if __name__ == "__main__":  # pragma: no cover
    main()
