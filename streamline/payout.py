"""Payouts for people given as staff fields, outside any workbook (`streamline payout`), through
the same declared SQL steps as `analyze`.

    from streamline.payout import single_payout
    regime, row = single_payout(params, as_of, person={...}, policy="decree-178")
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from streamline.analysis import scenarios
from streamline.engine import Engine
from streamline.ingest.schema import UNIT_FIELDS, empty, staff_schema
from streamline.params import Params
from streamline.pipeline import PIPELINE
from streamline.regimes import Regime, select_regime
from streamline.rules import register_rules


def payout_rows(params: Params, as_of: dt.date, persons: list[dict], policy: str | None = None,
                salary: int | None = None, months: int | None = None
                ) -> tuple[Regime, pl.DataFrame]:
    """Payouts for a list of people given as staff fields (person_id = position + 1), each on
    its `route` (default early retirement); `salary` replaces S, `months` the months early."""
    regime = select_regime(params, as_of, policy)
    schema = staff_schema()
    rows = []
    for i, person in enumerate(persons, start=1):
        row = {k: None for k in schema}
        row.update(person_id=i, birth_precision="day", employee_id=str(i))
        row.update({k: v for k, v in person.items() if k in schema})
        rows.append(row)
    staff = pl.DataFrame(rows, schema=schema, orient="row")
    choice = pl.DataFrame({
        "person_id": staff["person_id"],
        "route": staff["route"].fill_null("early_retirement"),
        "route_source": ["input"] * staff.height,
    })
    with Engine() as eng:
        register_rules(eng, params, as_of)
        eng.register("staff", staff)
        eng.register("units", empty({**{k: t for k, (_, t) in UNIT_FIELDS.items()},
                                     "source_file": pl.String, "agency": pl.String}))
        eng.register("scenario", scenarios(params, as_of, as_of, None, regime))
        eng.register("payout_choice", choice)
        # Everyone listed is priced, ground or not: the command answers "what would they get".
        eng.register("grounds", choice.select("person_id"))
        PIPELINE.run(eng, ("payouts",), regime.values(salary, months),
                     variants={"payout_factors": regime.query},
                     provided=("payout_choice", "grounds"))
        frame = eng.table("payouts")
    return regime, frame.sort("person_id")


def single_payout(params: Params, as_of: dt.date, person: dict, policy: str | None = None,
                  salary: int | None = None, months: int | None = None) -> tuple[Regime, dict]:
    """One person's payout: `person` holds staff fields (coef, lead_coef, staff_type, sex,
    birth_date, route, leave_date, si_years, …)."""
    regime, frame = payout_rows(params, as_of, [person], policy, salary, months)
    return regime, frame.to_dicts()[0]
