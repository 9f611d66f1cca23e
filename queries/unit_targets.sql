-- Reduction target per unit of each agency (input file). The stated policy is one total per
-- agency: ⌈rate × its in-scope headcount⌉ (law.md §3 Targets); it is shared among its units by
-- their exact shares (whole parts first, then one more person to the units with the largest
-- remainders, ties to the unit listed first), so the unit targets add up to the total. `target_rounded_up` shows each
-- unit's own ⌈rate × baseline⌉ beside it. Natural retirements by the horizon (including people
-- already past the age) cover the target up to its size (`retiring_counted`); the rest is the
-- gap that proposals on legal grounds may fill.
-- Unknowns are counted, never guessed: `people_without_scope` (staff type unknown: in_scope
-- NULL) are outside the baseline, and `people_without_retirement` (in scope, birth date or sex
-- unknown) outside the retirements, so both figures may be short by those people.
WITH units AS (
    SELECT
        agency,
        unit,
        min(person_id) AS first_person,
        count(*) FILTER (WHERE in_scope)::INTEGER AS baseline,
        count(*) FILTER (WHERE in_scope AND retiring_by_horizon)::INTEGER AS retiring_by_horizon,
        count(*) FILTER (WHERE in_scope AND past_retirement)::INTEGER AS past_retirement,
        count(*) FILTER (WHERE in_scope IS NULL)::INTEGER AS people_without_scope,
        count(*) FILTER (WHERE in_scope AND retirement_month IS NULL)::INTEGER
            AS people_without_retirement
    FROM people
    GROUP BY agency, unit
),
shares AS (
    SELECT
        u.*,
        r.rate,
        r.rate * u.baseline AS exact,
        floor(r.rate * u.baseline)::INTEGER AS whole,
        ceil(r.rate * sum(u.baseline) OVER (PARTITION BY u.agency))::INTEGER AS total_target
    FROM units u
    CROSS JOIN (SELECT rate FROM scenario WHERE is_main) r
),
ranked AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY agency ORDER BY exact - whole DESC, first_person)
            AS remainder_rank,
        total_target - sum(whole) OVER (PARTITION BY agency) AS left_over
    FROM shares
),
allocated AS (
    SELECT
        *,
        (whole + CASE WHEN remainder_rank <= left_over THEN 1 ELSE 0 END)::INTEGER AS target
    FROM ranked
)
SELECT
    agency,
    unit,
    baseline,
    rate,
    target,
    ceil(exact)::INTEGER AS target_rounded_up,
    retiring_by_horizon,
    past_retirement,
    least(retiring_by_horizon, target)::INTEGER AS retiring_counted,
    greatest(target - retiring_by_horizon, 0)::INTEGER AS gap,
    people_without_scope,
    people_without_retirement,
    first_person  -- the units' order (of their first person), for targets.sql
FROM allocated
ORDER BY first_person
