"""`make bench`: `streamline project` on a generated national staff list (Parquet), 60 months ×
3 scenarios, with the projection tables written.

    python benchmarks/bench_projection.py                 # 100,000, 500,000 and 2,500,000
    python benchmarks/bench_projection.py 20000 100000    # other sizes

2,500,000 people is the goal size (≤ 60 s, ≤ 8 GB); the growth from the first size is printed.

The list is generated once per size into benchmarks/data/ (benchmarks/national.py: seeded,
realistic units, grades, steps, birth and coefficient dates). Each size runs in its own
process so its peak resident memory (VmHWM) is its own. Figures are printed, never asserted.
DuckDB is capped at STREAMLINE_MEMORY_LIMIT (default here 5GB, spilling past it), so the
process stays within the issue's 8 GB beside the input frames.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SIZES = (100_000, 500_000, 2_500_000)
START, END, AS_OF = dt.date(2026, 1, 1), dt.date(2030, 12, 31), dt.date(2026, 1, 1)


# One way to load a script module and measure a phase's peak, shared with `make bench`.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import load_module, peak_mib, reset_peak  # noqa: E402


def measure(n: int) -> dict:
    """One size in this process: read the Parquet list, project 3 scenarios, write tables."""
    os.environ.setdefault("STREAMLINE_MEMORY_LIMIT", "5GB")
    sys.path.insert(0, str(ROOT))
    from streamline.analysis import grade_names, type_patterns
    from streamline.ingest import read_inputs
    from streamline.params import load_params
    from streamline.projection import project
    from streamline.scenario_file import Reduction, Scenario, base_scenario, current_law

    path = DATA / f"national_{n}.parquet"
    if not path.exists():
        load_module("national", ROOT / "benchmarks" / "national.py").write_national(n, path)
    out = DATA / f"projection_{n}"
    out.mkdir(parents=True, exist_ok=True)
    figures: dict = {"people": n}
    t0 = time.perf_counter()
    params = load_params()
    ing = read_inputs([path], None, grade_names(params), type_patterns(params))
    figures["read_s"] = round(time.perf_counter() - t0, 1)
    figures["read_peak_mib"] = peak_mib()
    reset_peak()
    runs = [
        current_law(params),
        base_scenario("2027-07-01=2800000", params),
        Scenario("even_cut", "−20 % by 2030, 1 in 3 replaced", params,
                 replacement_rate=Decimal("0.3333"),
                 reduction=Reduction(Decimal("0.2"), END, "even")),
    ]
    t1 = time.perf_counter()
    result = project([path], runs, START, END, AS_OF, ingested=ing)
    figures["project_s"] = round(time.perf_counter() - t1, 1)
    figures["project_peak_mib"] = peak_mib()
    t2 = time.perf_counter()
    for name, frame in result.tables.items():
        frame.write_parquet(out / f"{name}.parquet")
    figures["write_s"] = round(time.perf_counter() - t2, 1)
    figures["total_s"] = round(time.perf_counter() - t0, 1)
    figures["peak_mib"] = max(figures["read_peak_mib"], figures["project_peak_mib"])
    figures["projection_rows"] = result.tables["projection"].height
    # Every person-month with a coefficient found its price (projection_prices.sql).
    figures["unpriced_person_months"] = float(result.tables["projection"]["unpriced_months"].sum())
    return figures


def main(sizes: list[int]) -> None:
    rows = []
    for n in sizes:
        proc = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                              text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(proc.returncode)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    first = rows[0]
    for r in rows[1:]:
        print(f"{first['people']:,} → {r['people']:,} people (×{r['people'] / first['people']:.0f})"
              f": projection time ×{r['project_s'] / max(first['project_s'], 0.1):.1f}, "
              f"total ×{r['total_s'] / max(first['total_s'], 0.1):.1f}, "
              f"peak memory ×{r['peak_mib'] / max(first['peak_mib'], 1):.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
