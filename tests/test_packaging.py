"""An installed streamline runs outside the repo: every data file the package reads (SQL,
schemas, parameters, the message catalogue, synonyms) is declared as package data."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_file_ships_in_the_wheel():
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    dirs = {pkg: ROOT / Path(*pkg.split(".")) for pkg in tool["packages"]}
    dirs.update({pkg: ROOT / d for pkg, d in tool.get("package-dir", {}).items()})
    declared = tool["package-data"]
    missing = []
    for pkg, folder in dirs.items():
        for f in folder.iterdir():
            if f.suffix in (".toml", ".sql") and not any(
                    fnmatch.fnmatch(f.name, g) for g in declared.get(pkg, [])):
                missing.append(f"{pkg}: {f.name}")
    assert not missing
    assert (ROOT / "streamline" / "report" / "catalogue.toml").is_file()
