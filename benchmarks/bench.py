"""`make bench`: wall time and peak memory per phase of `analyze` on a generated workbook.

Sizes default to 100,000 people (override: `python benchmarks/bench.py 20000 100000`). The
workbook is generated once into benchmarks/data/ by samples/make_samples.py. Peak memory is the
process's resident-set high-water mark, reset before each phase (Linux /proc/self/clear_refs).
Figures are reported, never asserted: speed goals live here, not in the tests.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"


def _make_large():
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "samples" / "make_samples.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the script look their module up
    spec.loader.exec_module(module)
    return module.make_large


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase(name: str, fn, results: list):
    _reset_peak()
    start = time.perf_counter()
    value = fn()
    results.append(
        {
            "phase": name,
            "seconds": round(time.perf_counter() - start, 2),
            "peak_mib": round(_peak_mib()),
        }
    )
    print(
        f"  {name:<14} {results[-1]['seconds']:>8.2f} s {results[-1]['peak_mib']:>8.0f} MiB",
        flush=True,
    )
    return value


def bench(n: int) -> list[dict]:
    from streamline.analysis import analyze, grade_names, type_patterns
    from streamline.ingest import read_inputs
    from streamline.params import load_params
    from streamline.report.excel import write_workbook
    from streamline.report.html import write_html
    from streamline.report.tables import write_tables

    DATA.mkdir(parents=True, exist_ok=True)
    src = DATA / f"staff_{n}.xlsx"
    results: list[dict] = []
    print(f"{n:,} people — {src.relative_to(ROOT)}")
    if not src.exists():
        phase("generate", lambda: _make_large()(src, n), results)
    out = DATA / "out"
    params = load_params()
    ing = phase("read", lambda: read_inputs([src], grade_names=grade_names(params),
                                            type_patterns=type_patterns(params)), results)
    result = phase(
        "compute", lambda: analyze([src], as_of=dt.date(2025, 3, 1), ingested=ing), results
    )
    phase(
        "write_excel", lambda: write_workbook(result, out / f"{src.stem}.streamline.xlsx"), results
    )
    phase("write_html", lambda: write_html(result, out / f"{src.stem}.streamline.html"), results)
    phase("write_tables", lambda: write_tables(result, out / "tables"), results)
    total = sum(r["seconds"] for r in results if r["phase"] != "generate")
    print(
        f"  {'total':<14} {total:>8.2f} s   (people read: {ing.staff.height:,}, "
        f"xlsx {src.stat().st_size / 1e6:.1f} MB, cores {os.cpu_count()})"
    )
    return results


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [100_000]
    report = {str(n): bench(n) for n in sizes}
    (DATA / "results.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
