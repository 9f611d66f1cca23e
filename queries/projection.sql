-- The projection by year: per scenario × year × unit × staff type, the headcount in the
-- year's first and last projected month, person-months, and the year's salary fund (Σ monthly
-- salaries), bonus fund (bonus share in force each month × Σ coefficient salaries, allowances
-- excluded), employer contributions (month by month, capped), one-off costs (payouts in the
-- leave month) and the total; diff_vs_first is the total minus the first scenario's for the
-- same year, unit and staff type. Weighted sums are exact integers of weight units, rounded
-- half-up to whole đồng here, once per cell. A cell whose one-off costs include an unknown payout has one_off_cost
-- and total_cost empty (one_off_unknown says how many).
WITH yearly AS (
    SELECT
        c.scenario_id, c.year, c.unit_key, c.staff_type,
        sum(c.hc_start_u) AS hc_start, sum(c.hc_end_u) AS hc_end,
        ((sum(c.headcount_u) * 100 + $weight_scale // 2) // $weight_scale * 0.01) AS person_months,
        ((sum(c.salary_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS salary_fund,
        ((sum(c.bonus_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS bonus_fund,
        ((sum(c.contrib_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS employer_contrib,
        sum(c.one_off_known)::BIGINT AS one_off_known,
        coalesce(sum(c.one_off_unknown), 0)::BIGINT AS one_off_unknown,
        ((sum(c.unpriced_u) * 100 + $weight_scale // 2) // $weight_scale * 0.01) AS unpriced_months
    -- The year cells and the one-off costs (not the month cells: the same money again).
    FROM projection_cells c
    WHERE c.grain <> 'month'
    GROUP BY ALL
),
costed AS (
    SELECT *,
        -- No leaver in the cell: no one-off cost (a known zero, not an unknown).
        CASE WHEN one_off_unknown > 0 THEN NULL
             WHEN one_off_known IS NULL THEN 0 ELSE one_off_known END AS one_off_cost
    FROM yearly
)
SELECT
    c.scenario_id, sc.label AS scenario_label, c.year::INTEGER AS year, u.agency, u.unit,
    c.staff_type,
    -- Headcounts are counts: a month with nobody paid is a known zero.
    ((coalesce(c.hc_start, 0) * 100 + $weight_scale // 2) // $weight_scale * 0.01)
        ::DECIMAL(18, 2) AS headcount_start,
    ((coalesce(c.hc_end, 0) * 100 + $weight_scale // 2) // $weight_scale * 0.01)
        ::DECIMAL(18, 2) AS headcount_end,
    c.person_months::DECIMAL(18, 2) AS person_months,
    c.salary_fund, c.bonus_fund, c.employer_contrib, c.one_off_cost, c.one_off_unknown,
    c.salary_fund + c.bonus_fund + c.employer_contrib + c.one_off_cost AS total_cost,
    c.salary_fund + c.bonus_fund + c.employer_contrib + c.one_off_cost - f.total AS diff_vs_first,
    -- A count: no member without a coefficient is a known zero.
    coalesce(c.unpriced_months, 0)::DECIMAL(18, 2) AS unpriced_months
FROM costed c
JOIN pj_scenario sc USING (scenario_id)
-- The names come back here, once per output row (the monthly cells carry the unit key).
JOIN projection_units u USING (unit_key)
LEFT JOIN (
    SELECT x.year, x.unit_key, x.staff_type,
           x.salary_fund + x.bonus_fund + x.employer_contrib + x.one_off_cost AS total
    FROM costed x JOIN pj_scenario s0 USING (scenario_id)
    WHERE s0.ord = 0
) f ON f.year = c.year AND f.unit_key = c.unit_key
   AND f.staff_type IS NOT DISTINCT FROM c.staff_type
ORDER BY sc.ord, c.year, u.agency, u.unit, c.staff_type
