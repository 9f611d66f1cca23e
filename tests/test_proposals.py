"""Proposals only on legal grounds: nobody is proposed unless a ground of the regime in force
applies, they volunteer, or the list states their route; a target the grounds cannot cover is
stated, never filled. One target figure everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamline.analysis import analyze
from streamline.report import coverage_sentence

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CASES = [(name, day) for name in ("so_noi_vu.xlsx", "benh_vien.xlsx", "danh_sach_xa.csv")
         for day in (dt.date(2025, 3, 1), dt.date(2026, 12, 1))]


def _grounded(candidates: pl.DataFrame) -> pl.DataFrame:
    """Proposed people with neither a ground, a request nor a stated route: must be none."""
    return candidates.filter(
        pl.col("proposed") & ~pl.col("has_ground") & (pl.col("route_source") != "input")
    )


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def sample(request):
    name, day = request.param
    return analyze([SAMPLES / name], as_of=day)


def test_every_proposal_on_samples_has_a_ground(sample):
    cand = sample.tables["candidates"]
    assert _grounded(cand).is_empty()
    grounds = cand.filter(pl.col("proposed") & (pl.col("route_source") != "input"))
    assert ((grounds["n_triggers"] > 0) | grounds["volunteer"]).all()


def test_one_target_and_its_coverage_add_up(sample):
    s = sample.tables["summary"].row(0, named=True)
    targets = sample.tables["targets"]
    assert targets["target"].sum() == s["target_total"]  # one figure everywhere
    assert (targets["target"] <= targets["target_rounded_up"]).all()
    assert s["target_total"] == (s["retiring_counted_total"] + s["proposed_toward_gap"]
                                 + s["remaining_gap_total"])
    line = coverage_sentence(sample, "vi")
    assert line.startswith(f"Chỉ tiêu {s['target_total']} = ")
    assert f"+ {s['remaining_gap_total']} chưa bù được" in line


def test_demo_deputy_director_is_not_proposed_without_a_ground():
    """The demo's leadership unit has a target of 1 and nobody with a ground: the target is
    stated as not coverable, and the deputy director is not proposed (issue 6/9 of the law)."""
    r = analyze([SAMPLES / "so_noi_vu.xlsx"], as_of=dt.date(2026, 12, 1))
    lead = r.tables["targets"].filter(pl.col("unit") == "LÃNH ĐẠO SỞ").row(0, named=True)
    assert (lead["target"], lead["gap"], lead["proposed"], lead["remaining_gap"]) == (1, 1, 0, 1)
    # Nobody there has a ground or a request: nobody there is a candidate at all.
    assert r.tables["candidates"].filter(pl.col("unit") == "LÃNH ĐẠO SỞ").is_empty()
    assert r.tables["staff"].filter(pl.col("unit") == "LÃNH ĐẠO SỞ").height > 0


def test_target_shares_add_up_to_the_total(analyse):
    # 3 + 6 + 7 + 5 + 5 in scope at 20 %: total ⌈5.2⌉ = 6; whole parts 0, 1, 1, 1, 1 = 4;
    # remainders 0.6, 0.2, 0.4, 0, 0 → units A (0.6) and C (0.4) get one more: 1, 1, 2, 1, 1.
    people = [{"full_name": f"{u}{i}", "unit": u, "sex": "M", "birth_date": dt.date(1990, 1, 1),
               "staff_type": "civil_servant", "coef": 2.34}
              for u, n in (("A", 3), ("B", 6), ("C", 7), ("D", 5), ("E", 5)) for i in range(n)]
    t = analyse(people).tables["targets"]
    assert t["target"].to_list() == [1, 1, 2, 1, 1]
    assert t["target_rounded_up"].to_list() == [1, 2, 2, 1, 1]


def test_unknown_payout_leaves_the_total_unknown(analyse):
    # Two people with a failed rating and no SI figure: proposed (the ground applies), their
    # payouts are unknown, so the one-off cost is NULL, not 0, and the count says why.
    people = [{"full_name": f"N{i}", "unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
               "staff_type": "civil_servant", "coef": 3.0, "rating_1": "not_completed"}
              for i in range(10)]
    r = analyse(people, policy="decree-154")
    s = r.tables["summary"].row(0, named=True)
    assert s["proposed_total"] == 2 and s["payouts_unknown"] == 2
    assert s["one_off_cost"] is None and s["one_off_cost_known"] == 0
    assert r.tables["targets"]["one_off_cost"][0] is None


PERSON = st.fixed_dictionaries({
    "unit": st.sampled_from(["P1", "P2", "P3"]),
    "sex": st.sampled_from(["M", "F"]),
    "birth_date": st.dates(dt.date(1962, 1, 1), dt.date(2000, 12, 31)),
    "staff_type": st.sampled_from(["civil_servant", "public_employee", "contract"]),
    "coef": st.sampled_from([2.34, 3.0, 4.4]),
    "si_years": st.sampled_from([None, 5.0, 16.0, 25.0]),
    "surplus": st.sampled_from([None, True, False]),
    "volunteer": st.sampled_from([None, True]),
    "rating_1": st.sampled_from([None, "good", "completed", "not_completed"]),
    "training_met": st.sampled_from([None, True, False]),
    "sick_days": st.sampled_from([None, 10, 400]),
})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=1, max_size=25),
       policy=st.sampled_from(["decree-178", "decree-154", "decree-29"]))
def test_nobody_is_proposed_without_a_ground(analyse, people, policy):
    people = [{**p, "full_name": f"X{i}"} for i, p in enumerate(people)]
    r = analyse(people, policy=policy)
    cand, s = r.tables["candidates"], r.tables["summary"].row(0, named=True)
    assert _grounded(cand).is_empty()
    assert s["target_total"] == (s["retiring_counted_total"] + s["proposed_toward_gap"]
                                 + s["remaining_gap_total"])


def test_scores_are_banded_and_sick_leave_is_measured_against_the_si_maximum(analyse):
    """Ratings given as 0–100 scores take the band of the highest min_score not above them
    (rating_bands.toml, from 2026); Decree 29's sick-leave ground is at least the SI maximum
    of days for the person's SI years (30 below 15 years, 40 from 15, 60 from 30; unknown
    years read as 0). Everyone volunteers, so that the candidates table lists them all."""
    base = {"unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
            "staff_type": "civil_servant", "coef": 3.0, "volunteer": True}
    scores = {"45": "not_completed", "50": "completed", "72": "good", "90": "excellent",
              "good": "good"}
    people = [{**base, "full_name": f"S{s}", "rating_1": s} for s in scores]
    c = analyse(people, as_of=dt.date(2026, 12, 1), policy="decree-154").tables["candidates"]
    bands = dict(zip(c["full_name"], c["rating_1"], strict=True))
    assert bands == {f"S{s}": band for s, band in scores.items()}
    triggered = dict(zip(c["full_name"], c["trig_rating"], strict=True))
    assert [name for name, hit in triggered.items() if hit] == ["S45"]

    si = {"A": (None, True), "B": (10.0, True), "C": (15.0, False), "D": (29.0, False),
          "E": (30.0, False)}  # 35 days against 30, 30, 40, 40, 60
    people = [{**base, "full_name": k, "si_years": y, "sick_days": 35} for k, (y, _) in si.items()]
    c = analyse(people, policy="decree-29").tables["candidates"]
    sick = dict(zip(c["full_name"], c["trig_sick"], strict=True))
    assert sick == {k: hit for k, (_, hit) in si.items()}


def test_sick_leave_alone_makes_a_candidate_only_past_the_persons_own_maximum(analyse):
    """Under Decree 29 the list of who may be proposed keeps whoever reaches the smallest SI
    maximum (30 days), before their SI years are known; the candidates are those past their
    own: 35 days is past 30 (10 SI years) but not past 60 (30 years)."""
    base = {"unit": "P", "sex": "F", "birth_date": dt.date(1985, 1, 1),
            "staff_type": "civil_servant", "coef": 3.0, "sick_days": 35}
    people = [{**base, "full_name": "Ten", "si_years": 10.0},
              {**base, "full_name": "Thirty", "si_years": 30.0},
              {**base, "full_name": "Few", "si_years": 10.0, "sick_days": 20}]
    c = analyse(people, policy="decree-29").tables["candidates"]
    assert c["full_name"].to_list() == ["Ten"]
    assert c.row(0, named=True)["trig_sick"] and c.row(0, named=True)["has_ground"]

