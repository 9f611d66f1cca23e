"""`streamline import` (files into a store) and `streamline merge` (a merger of units): thin
click commands over streamline.store and streamline.merge; heavy modules are imported inside
the commands so `--help` answers at once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from streamline.cli_options import (
    as_of_option,
    lang_option,
    params_option,
    policy_option,
    reading,
    reading_options,
    user_errors,
)


@click.command("import")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store (a DuckDB file; created when missing).",
)
@click.option("--workers", type=click.IntRange(1),
              help="Processes reading files at once (default: one per core).")
@lang_option
@reading_options
@params_option
def import_files(inputs, db, workers, lang, mappings, layout_file, date_order, param_files):
    """Read files and folders (a subfolder per agency) into a store: a changed file replaces
    its rows, the same content is not read again, an unreadable file is listed (exit 1)."""
    with user_errors(lang, str(db)):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
        from rich.text import Text

        from streamline.report import i18n
        from streamline.store import import_files as run_import
        from streamline.store import sources

        how = reading(mappings, layout_file, date_order)
        total = len(sources(list(inputs)))
        console = Console(stderr=True)
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       console=console, disable=not console.is_terminal)

        def said(row: dict) -> None:
            bar.advance(task)
            key = "same_as" if row["same_as"] else row["status"]
            if key in ("imported", "replaced") and not row["people"]:
                key += "_lists"  # job positions or units only: not "0 people"
            args = {"file": row["path"], "people": row["people"], "other": row["same_as"]}
            if row["status"] == "unreadable":
                details = json.loads(row["error_args"])
                args["reason"] = i18n.message(f"error.{details.pop('error')}", details, lang)
            line = i18n.message(f"store.{key}", args, lang)
            if bar.disable:
                click.echo(line)
            else:
                bar.console.print(Text(line))

        with bar:
            task = bar.add_task(i18n.label("store.progress", lang), total=total)
            rows = run_import(list(inputs), db, how, tuple(param_files), workers, said)
        counts = {s: rows.filter(rows["status"] == s).height
                  for s in ("imported", "replaced", "unchanged", "unreadable")}
        click.echo(i18n.message("store.done", {"db": str(db), **counts}, lang))
    if counts["unreadable"]:  # a partial import: said per file above, and exit status 1
        sys.exit(1)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--into", required=True, metavar='"Tên đơn vị mới"', help="The merged unit's name.")
@click.option(
    "--positions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The merged unit's new job-position list (default: the merged units' lists added up).",
)
@click.option("--kind", help="The merged unit's kind code (e.g. division), for the deputies "
              "rule when no units sheet gives it.")
@as_of_option()
@policy_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the workbook and HTML report (default: beside the first input).",
)
@lang_option
@reading_options
@params_option
@click.option("--no-html", is_flag=True, help="Skip the HTML report.")
def merge(inputs, into, positions, kind, as_of, policy, out_dir, lang, mappings, layout_file,
          date_order, param_files, no_html):
    """Merge units: the merged unit's positions against the new quota, surplus by position
    and category, duplicate leadership posts, candidates and their payouts, the salary fund
    before and after."""
    with user_errors(lang, str(inputs[0])):
        import dataclasses

        from streamline.merge import merge_units
        from streamline.report import i18n
        from streamline.report.excel import write_workbook

        result = merge_units(list(inputs), into, positions, as_of=as_of, kind=kind,
                             policy=policy, reading=reading(mappings, layout_file, date_order),
                             param_files=tuple(param_files))
        result = dataclasses.replace(result, lang=lang)
        folder = out_dir or inputs[0].parent
        stem = "".join(c if c.isalnum() else "_" for c in into).strip("_") or "merge"
        outputs = [write_workbook(result, folder / f"{stem}.sap_nhap.xlsx")]
        if not no_html:
            from streamline.report.merge import write_merge_html

            outputs.append(write_merge_html(result, folder / f"{stem}.sap_nhap.html"))
        row = result.tables["merge_summary"].row(0, named=True)
        figures = {"unit": into, "heads": row["duplicate_heads"],
                   "deputies": row["excess_deputies"], "selected": row["selected"],
                   "surplus": "—" if row["surplus"] is None else row["surplus"]}
        click.echo(i18n.message("merge.done", figures, lang))
        click.echo(f"{i18n.label('report.outputs', lang)}:")
        for path in outputs:
            click.echo(f"  {path}")
