"""`streamline project`: the salary fund month by month to 2030 under scenarios side by side.

    streamline project unit.xlsx --scenario raise.toml --scenario cut.xlsx \
        --base 2027-07-01=2800000 --from 2026-01 --to 2030-12 --tables out/

Only click is imported at module level, so `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from streamline.cli_options import (
    Day,
    UserError,
    lang_option,
    reading,
    reading_options,
    user_errors,
)


class Month(click.ParamType):
    """A month as yyyy-mm (or a date: its month)."""

    name = "month"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            year, month = text.split("-")[:2]
            return dt.date(int(year), int(month), 1)
        except ValueError:
            raise UserError(f"--{param.name}", "bad_date", ctx, value=text) from None


def _month_end(d: dt.date) -> dt.date:
    nxt = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--scenario", "scenario_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Scenario file (.toml or .xlsx with a 'Kịch bản' sheet); repeatable. "
              "Each is compared with the current law, shown first.")
@click.option("--base", "bases", multiple=True, metavar="DATE=AMOUNT",
              help="A one-line scenario: the base salary from a date (repeatable).")
@click.option("--from", "start", type=Month(), help="First month (yyyy-mm; default: --as-of).")
@click.option("--to", "end", type=Month(),
              help="Last month (yyyy-mm; default: the reduction_horizon parameter).")
@click.option("--as-of", type=Day(), help="Date the staff list describes (default: today).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the workbook and HTML (default: beside the input).")
@click.option("--tables", "tables_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the projection tables to this folder.")
@click.option("--tables-format", type=click.Choice(["parquet", "csv"]), default="parquet",
              show_default=True)
@lang_option
@click.option("--mask", is_flag=True,
              help="Accepted for symmetry with analyze: the projection shows no names.")
@reading_options
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an Excel scenario sheet with today's values to this file and stop.")
@click.option("--no-html", is_flag=True, help="Skip the HTML report.")
@click.option("--no-workbook", is_flag=True, help="Skip the Excel workbook.")
def project(inputs, scenario_files, bases, start, end, as_of, out_dir, tables_dir,
            tables_format, lang, mask, mappings, layout_file, date_order, template, no_html,
            no_workbook):
    """Project the salary fund month by month under scenarios, side by side."""
    with user_errors(lang, str(inputs[0]) if inputs else "streamline"):
        if template:
            from streamline.scenario_file import write_template

            click.echo(str(write_template(template)))
            return
        if not inputs:
            raise UserError("FILES", "missing_argument", name="FILES")
        import dataclasses

        from streamline.analysis import grade_names, type_patterns
        from streamline.ingest import read_inputs
        from streamline.params import load_params
        from streamline.projection import project as run_projection
        from streamline.report.projection import print_comparison, write_html, write_workbook
        from streamline.scenario_file import base_scenario, current_law, read_scenario

        params = load_params()
        # The current law comes first: every other scenario is compared with it.
        runs = [current_law(params), *(read_scenario(p) for p in scenario_files),
                *(base_scenario(b, params) for b in bases)]
        as_of = as_of or dt.date.today()
        start = start or as_of.replace(day=1)
        end = _month_end(end) if end else None
        if end is not None and end < start:
            raise UserError("--to", "projection_dates")
        how = reading(mappings, layout_file, date_order)
        ingested = read_inputs(list(inputs), how["overrides"], grade_names(params),
                               type_patterns(params), date_order=how["date_order"],
                               saved=how["saved"])
        result = run_projection(list(inputs), runs, start, end, as_of, ingested=ingested)
        result = dataclasses.replace(result, lang=lang)
        stem = _stem(inputs)
        folder = out_dir or (inputs[0].parent if inputs[0].is_file() else inputs[0])
        outputs = []
        if not no_workbook:
            outputs.append(write_workbook(result, folder / f"{stem}.projection.xlsx"))
        if not no_html:
            outputs.append(write_html(result, folder / f"{stem}.projection.html"))
        if tables_dir:
            outputs.append(_write_tables(result, tables_dir, tables_format))
        print_comparison(result, outputs)


def _stem(inputs: tuple[Path, ...]) -> str:
    """The outputs' name as `analyze` gives it: the input's stem, a folder's name, or the name
    of the folder several inputs share (streamline.cli imports this module, not the reverse)."""
    import os

    if len(inputs) == 1:
        return inputs[0].stem if inputs[0].is_file() else inputs[0].resolve().name
    return Path(os.path.commonpath([p.resolve() for p in inputs])).name or "streamline"


def _write_tables(result, directory: Path, fmt: str) -> Path:
    """Each projection table as Parquet or CSV (text made formula-safe), written atomically."""
    from streamline.report import atomic_write
    from streamline.report.tables import formula_safe

    directory.mkdir(parents=True, exist_ok=True)
    for name, frame in result.tables.items():
        path = directory / f"{name}.{fmt}"
        if fmt == "csv":
            atomic_write(path, lambda tmp, f=frame: formula_safe(f).write_csv(tmp),
                         inputs=result.inputs)
        else:
            atomic_write(path, lambda tmp, f=frame: f.write_parquet(tmp), inputs=result.inputs)
    return directory
