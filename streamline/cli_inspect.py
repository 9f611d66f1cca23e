"""`streamline inspect`: print what the importer understood, compute nothing."""

from __future__ import annotations

from pathlib import Path

import click

from streamline.cli_options import (
    lang_option,
    params_option,
    reading,
    reading_options,
    user_errors,
)


@click.command()
@click.argument("inputs", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--save", "save_to", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the reading as a layout file, to reuse with --layout on every later "
              "file of the same form.")
@reading_options
@params_option
@lang_option
def inspect(inputs, save_to, mappings, layout_file, date_order, param_files, lang):
    """Show each sheet's role and each column's field with its confidence and evidence, the
    columns left unread, and ready --map lines; nothing is computed."""
    with user_errors(lang, str(inputs[0])):
        from streamline.analysis import grade_names, type_patterns
        from streamline.ingest import read_inputs
        from streamline.ingest.layoutfile import layout_text
        from streamline.params import load_params
        from streamline.report import atomic_write, i18n
        from streamline.report.inspect import print_inspection

        params = load_params(tuple(param_files))
        how = reading(mappings, layout_file, date_order)
        ing = read_inputs(list(inputs), how["overrides"], grade_names(params),
                          type_patterns(params), date_order=how["date_order"], saved=how["saved"])
        print_inspection(ing, lang)
        if save_to:
            text = layout_text(ing.mapping, how["date_order"])
            atomic_write(save_to, lambda tmp: tmp.write_text(text, "utf-8"), inputs)
            click.echo(i18n.message("inspect.saved", {"path": str(save_to)}, lang))
