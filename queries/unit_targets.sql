-- Reduction target per unit: baseline = in-scope headcount, target rounded UP to whole
-- people, natural retirements by the horizon (including people already past the age),
-- remaining gap.
SELECT
    unit,
    count(*) FILTER (WHERE in_scope)::INTEGER AS baseline,
    any_value(r.rate) AS rate,
    ceil(any_value(r.rate) * count(*) FILTER (WHERE in_scope))::INTEGER AS target,
    count(*) FILTER (WHERE in_scope AND retiring_by_horizon)::INTEGER AS retiring_by_horizon,
    count(*) FILTER (WHERE in_scope AND past_retirement)::INTEGER AS past_retirement,
    greatest(ceil(any_value(r.rate) * count(*) FILTER (WHERE in_scope))
             - count(*) FILTER (WHERE in_scope AND retiring_by_horizon), 0)::INTEGER AS gap
FROM people
CROSS JOIN (SELECT rate FROM scenario WHERE is_main) r
GROUP BY unit
ORDER BY min(person_id)
