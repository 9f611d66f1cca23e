-- Each scenario's difference in total cost from the first scenario, per year, split into
-- effects that add up to it exactly. Month by month, against the first scenario's same month:
--   headcount = (person-months − first's) × the first's pay cost per person-month;
--   base salary = person-months × the first's cost per person-month × (mean base salary paid
--                 / the first's − 1), means weighted by person-months;
-- each summed over the year's months (a yearly mean would leave a rise from July partly in
-- the step effect, as the year's months differ in cost); then
--   step (and mix) = the rest of the pay cost difference: step increases, TNVK, newcomers'
--                 lower steps, who leaves, caps;
--   one-off = payouts difference.
-- Pay cost = salary fund + bonus fund + employer contributions. Each effect is rounded to
-- whole đồng once per year; the step effect takes the rest, so the four add up to
-- diff_total. The shares (ratios of person-months and mean base salaries) are divided in
-- floating point before that rounding: these are explanations of the exact totals, not
-- amounts paid.
WITH totals AS (
    SELECT
        c.scenario_id, c.year,
        ((sum(c.salary_u) + sum(c.bonus_u) + sum(c.contrib_u) + $weight_scale // 2)
            // $weight_scale)::BIGINT AS pay,
        sum(c.one_off_known)::BIGINT AS one_off,
        coalesce(sum(c.one_off_unknown), 0) AS unknown
    -- The year cells and the one-off costs (not the month cells: the same money again).
    FROM projection_cells c
    WHERE c.grain <> 'month'
    GROUP BY ALL
),
monthly AS (
    SELECT scenario_id, m_idx, sum(priced_u) AS pm, sum(base_u) AS base_x,
           sum(salary_u) + sum(bonus_u) + sum(contrib_u) AS pay_u
    FROM projection_cells
    WHERE grain = 'month'
    GROUP BY ALL
),
month_effects AS (
    SELECT
        m.scenario_id, m.m_idx // 12 AS year,
        round(sum((m.pm - f.pm) * f.pay_u / f.pm) / $weight_scale)::BIGINT AS headcount_effect,
        round(sum(m.pm * f.pay_u / f.pm * ((m.base_x / m.pm) / (f.base_x / f.pm) - 1))
              / $weight_scale)::BIGINT AS base_salary_effect
    FROM monthly m
    JOIN (SELECT x.* FROM monthly x JOIN pj_scenario s0 USING (scenario_id) WHERE s0.ord = 0) f
        USING (m_idx)
    GROUP BY ALL
),
paired AS (
    SELECT
        t.scenario_id, sc.ord, sc.label, t.year, t.pay, t.one_off,
        t.unknown + f.unknown AS unknown, f.pay AS pay_1, f.one_off AS one_off_1
    FROM totals t
    JOIN pj_scenario sc USING (scenario_id)
    JOIN (SELECT x.* FROM totals x JOIN pj_scenario s0 USING (scenario_id) WHERE s0.ord = 0) f
        USING (year)
),
split AS (
    SELECT p.*, e.headcount_effect, e.base_salary_effect,
        -- No payouts in a year: a known zero.
        CASE WHEN unknown > 0 THEN NULL
             ELSE (CASE WHEN one_off IS NULL THEN 0 ELSE one_off END)
                - (CASE WHEN one_off_1 IS NULL THEN 0 ELSE one_off_1 END) END AS one_off_effect
    FROM paired p
    LEFT JOIN month_effects e USING (scenario_id, year)
)
SELECT
    scenario_id, label AS scenario_label, year::INTEGER AS year,
    pay - pay_1 + one_off_effect AS diff_total,
    base_salary_effect,
    pay - pay_1 - headcount_effect - base_salary_effect AS step_effect,
    headcount_effect,
    one_off_effect
FROM split
ORDER BY ord, year
