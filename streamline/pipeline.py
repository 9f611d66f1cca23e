"""The analysis as declared steps: each step is one SQL file in queries/ that builds one table.

A step names the tables it reads (`needs`); its SQL parameters are read from the file itself
(engine.sql_parameters). The run order is derived from the declarations, as dbt derives it
from `ref()`, and a cycle or a need that nothing provides is an error when this module is
imported, not a DuckDB error halfway through a run. Adding a step is one SQL file plus one
`Step(...)` line below.

    from streamline.pipeline import PIPELINE
    PIPELINE.run(engine, targets=("targets", "fund"), values={...}, variants={...})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

from streamline.engine import Engine


class PipelineError(Exception):
    """A defect in the step declarations or in what a caller provides: a bug, not bad input."""


@dataclass(frozen=True)
class Step:
    table: str
    needs: tuple[str, ...]
    # The SQL file (queries/<query>.sql); None means the table's name. A step with
    # `variant=True` has one file per variant (e.g. per streamlining regime), named at run time.
    query: str | None = None
    variant: bool = False
    # (parameter, table, column): run the query once per distinct value of table.column,
    # bound to $parameter, into the one table (Engine.build_each).
    each: tuple[str, str, str] | None = None
    # A view: a name for the query, never stored; its readers run it. For a table that would be
    # large and is read only in part (pay: 7.4 M rows nationally, a few columns per reader).
    view: bool = False


# Tables the caller registers before the steps run: the importer's frames, the scenarios and
# the dated parameter tables (streamline.rules).
SOURCES = frozenset({
    "staff", "position_list", "units", "ingest_issues", "mapping", "counts", "scenario",
    "p_series", "p_series_source", "p_grade_code", "p_salary_scale", "p_employer_contribution",
    "p_trade_union_fee",
    "p_retirement_age", "p_leadership_allowance", "p_org_min_staff", "p_org_max_deputies",
    "p_org_grade_cap", "p_position_category_merge", "p_rating_band", "p_sick_leave_si_max",
    "unit_roots",  # per person: the root of its unit tree and its nested unit path (rollup)
})

STEPS = (
    Step("retirement", ("staff", "scenario", "p_series", "p_retirement_age")),
    Step("leave_dates", ("staff", "scenario")),
    Step("pay_dates", ("staff", "scenario", "leave_dates")),
    Step("pay_inputs", ("staff",), view=True),
    Step("pay_prices", ("pay_inputs", "pay_dates", "p_series", "p_employer_contribution")),
    Step("pay_rows", ("pay_dates", "pay_inputs", "pay_prices")),
    Step("pay", ("pay_rows", "pay_prices"), view=True),
    Step("people", ("scenario", "p_series", "units", "staff", "p_grade_code", "p_salary_scale",
                    "pay", "retirement")),
    Step("fund_by_scenario", ("pay", "people", "p_trade_union_fee")),
    Step("fund", ("fund_by_scenario", "scenario")),
    Step("position_match", ("position_list", "people")),
    Step("positions", ("position_list", "people", "scenario", "p_grade_code", "p_salary_scale",
                       "p_position_category_merge", "position_match")),
    Step("positions_by_category", ("positions",)),
    Step("unassigned", ("people", "position_match", "position_list")),
    Step("unit_targets", ("people", "scenario")),
    Step("checks", ("people", "units", "p_leadership_allowance", "scenario", "p_series",
                    "p_salary_scale", "staff")),
    Step("org_checks", ("scenario", "p_series", "p_series_source", "units", "people",
                        "position_match", "position_list", "p_org_min_staff",
                        "p_org_max_deputies", "p_org_grade_cap")),
    Step("deferred", ("people",)),
    Step("grounds", ("people", "deferred", "p_rating_band", "p_sick_leave_si_max")),
    Step("payout_input", ("people", "leave_dates", "scenario", "pay", "grounds")),
    Step("payout_factors", ("payout_input",), variant=True),
    Step("payout_routes", ("payout_factors",)),
    Step("candidates", ("grounds", "payout_input", "p_sick_leave_si_max", "payout_routes",
                        "unit_targets")),
    Step("payout_choice", ("candidates",)),
    Step("payouts", ("payout_choice", "payout_input", "payout_routes")),
    Step("targets", ("unit_targets", "candidates", "payouts")),
    Step("rollup", ("people", "unit_roots", "units", "targets", "fund", "positions")),
    Step("issues", ("ingest_issues", "checks", "mapping", "org_checks")),
    Step("summary", ("scenario", "counts", "people", "fund", "payouts", "p_series", "issues",
                     "candidates", "targets", "deferred")),
)


class Pipeline:
    def __init__(self, steps: Iterable[Step], sources: Iterable[str]):
        self.steps = {s.table: s for s in steps}
        self.sources = frozenset(sources)
        self._check()

    def _check(self) -> None:
        for step in self.steps.values():
            if step.table in self.sources:
                raise PipelineError(f"step {step.table!r} would replace a source table")
            if step.view and (step.each or step.variant):
                raise PipelineError(f"view {step.table!r} cannot run per value or variant")
            if step.each and step.each[1] not in step.needs:
                raise PipelineError(f"step {step.table!r} runs for each row of "
                                    f"{step.each[1]!r}, which it does not need")
            for need in step.needs:
                if need not in self.steps and need not in self.sources:
                    raise PipelineError(f"step {step.table!r} needs {need!r}, which nothing "
                                        "provides")
        self.plan(self.steps)  # raises on a cycle

    def plan(self, targets: Iterable[str], provided: Iterable[str] = ()) -> list[Step]:
        """The steps that build `targets`, each after the steps it needs; tables in `provided`
        are taken as given (e.g. the payout command supplies `payout_choice`). Depth-first in
        declaration order, so the order is the same on every run."""
        given = self.sources | set(provided)
        order: list[Step] = []
        state: dict[str, str] = {}

        def visit(table: str, path: tuple[str, ...]) -> None:
            if table in given or state.get(table) == "done":
                return
            if state.get(table) == "visiting":
                raise PipelineError("cycle in the steps: " + " → ".join((*path, table)))
            if table not in self.steps:
                raise PipelineError(f"nothing builds {table!r}")
            state[table] = "visiting"
            for need in self.steps[table].needs:
                visit(need, (*path, table))
            state[table] = "done"
            order.append(self.steps[table])

        rank = {name: i for i, name in enumerate(self.steps)}
        for table in sorted(targets, key=lambda t: rank.get(t, -1)):
            visit(table, ())
        return order

    def run(self, engine: Engine, targets: Iterable[str], values: Mapping[str, object],
            variants: Mapping[str, str] | None = None, provided: Iterable[str] = (),
            keep: Iterable[str] | None = None, sessions: int = 1) -> None:
        """Build `targets` (and what they need) on the engine. `values` feeds the $parameters
        of the SQL files; `variants` names the file of each variant step. With `keep`, every
        other table (sources included) is dropped right after the last step that reads it,
        so a large run never holds its intermediates all at once. With `sessions` > 1, steps
        whose tables are built run side by side, each in a session of its own (a short list's
        queries each run on one core: DuckDB splits a scan by row groups of 122,880 rows)."""
        variants = variants or {}
        plan = self.plan(targets, provided)
        views = {step.table: step for step in plan if step.view}
        for step in plan:
            if step.variant and step.table not in variants:
                raise PipelineError(f"step {step.table!r} needs its variant named")

        def reads(step: Step) -> list[str]:
            """The tables a step reads, through the views it reads: a view's tables must
            outlive its last reader."""
            return [t for need in step.needs
                    for t in (need, *(reads(views[need]) if need in views else ()))]

        readers = Counter(need for step in plan for need in dict.fromkeys(reads(step)))
        kept = None if keep is None else set(keep)

        def built(step: Step) -> None:
            """After `step`: drop what no step left will read."""
            for need in dict.fromkeys(reads(step)):
                readers[need] -= 1
                if kept is not None and not readers[need] and need not in kept:
                    engine.drop(need)

        if sessions <= 1:
            for step in plan:
                _build(engine, step, values, variants)
                built(step)
            return
        own = {step.table for step in plan}
        free = [engine.session() for _ in range(sessions)]
        waiting, running, done = list(plan), {}, set()
        with ThreadPoolExecutor(sessions) as pool:
            while waiting or running:
                for step in [s for s in waiting if all(n in done or n not in own
                                                       for n in s.needs)]:
                    if not free:
                        break
                    waiting.remove(step)
                    session = free.pop()
                    running[pool.submit(_build, session, step, values, variants)] = \
                        (step, session)
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    step, session = running.pop(future)
                    free.append(session)
                    future.result()  # a failed step: raised once the running ones are done
                    done.add(step.table)
                    built(step)


def _build(engine: Engine, step: Step, values: Mapping[str, object],
           variants: Mapping[str, str]) -> None:
    query = variants[step.table] if step.variant else step.query or step.table
    if step.view:
        engine.build_view(step.table, query)
    elif step.each:
        engine.build_each(step.table, query, values, step.each)
    else:
        engine.build(step.table, query, values)


PIPELINE = Pipeline(STEPS, SOURCES)
