-- The projection by month: per scenario × month × staff type, the weighted headcount paid,
-- newcomers among them, and the month's salary fund, bonus fund share, employer contributions,
-- one-off costs and total (weight units rounded half-up to whole đồng here, once per cell), and the total
-- minus the first scenario's for the same month and staff type.
WITH monthly AS (
    SELECT
        c.scenario_id, c.m_idx, c.staff_type,
        ((sum(c.headcount_u) * 100 + $weight_scale // 2) // $weight_scale * 0.01) AS headcount,
        ((sum(c.newcomers_u) * 100 + $weight_scale // 2) // $weight_scale * 0.01) AS newcomers,
        ((sum(c.salary_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS salary_fund,
        ((sum(c.bonus_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS bonus_fund,
        ((sum(c.contrib_u) + $weight_scale // 2) // $weight_scale)::BIGINT AS employer_contrib,
        sum(c.one_off_known)::BIGINT AS one_off_known,
        coalesce(sum(c.one_off_unknown), 0)::BIGINT AS one_off_unknown
    -- The month cells and the one-off costs (not the year cells: the same money again).
    FROM projection_cells c
    WHERE c.grain <> 'year'
    GROUP BY ALL
),
costed AS (
    SELECT *,
        -- No leaver that month: no one-off cost (a known zero, not an unknown).
        CASE WHEN one_off_unknown > 0 THEN NULL
             WHEN one_off_known IS NULL THEN 0 ELSE one_off_known END AS one_off_cost
    FROM monthly
)
SELECT
    c.scenario_id, sc.label AS scenario_label,
    make_date((c.m_idx // 12)::BIGINT, (c.m_idx % 12 + 1)::BIGINT, 1) AS month,
    c.staff_type,
    -- Counts: nobody paid (or no newcomer) is a known zero.
    coalesce(c.headcount, 0)::DECIMAL(18, 2) AS headcount,
    coalesce(c.newcomers, 0)::DECIMAL(18, 2) AS newcomers,
    c.salary_fund, c.bonus_fund, c.employer_contrib, c.one_off_cost, c.one_off_unknown,
    c.salary_fund + c.bonus_fund + c.employer_contrib + c.one_off_cost AS total_cost,
    c.salary_fund + c.bonus_fund + c.employer_contrib + c.one_off_cost - f.total AS diff_vs_first
FROM costed c
JOIN pj_scenario sc USING (scenario_id)
LEFT JOIN (
    SELECT x.m_idx, x.staff_type,
           x.salary_fund + x.bonus_fund + x.employer_contrib + x.one_off_cost AS total
    FROM costed x JOIN pj_scenario s0 USING (scenario_id)
    WHERE s0.ord = 0
) f ON f.m_idx = c.m_idx AND f.staff_type IS NOT DISTINCT FROM c.staff_type
ORDER BY sc.ord, c.m_idx, c.staff_type
