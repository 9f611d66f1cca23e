-- The monthly sums of pay and one-off costs side by side, per scenario × month × unit key ×
-- staff type, in weight units (1 / $weight_scale of a person): the one source of projection.sql
-- (years), projection_monthly.sql (months) and projection_effects.sql. The bonus fund is the
-- month's bonus share × the coefficient salaries (allowances excluded).
SELECT
    coalesce(p.scenario_id, o.scenario_id) AS scenario_id,
    coalesce(p.m_idx, o.m_idx) AS m_idx,
    coalesce(p.unit_key, o.unit_key) AS unit_key,
    coalesce(p.staff_type, o.staff_type) AS staff_type,
    p.headcount_u, p.newcomers_u, p.salary_u, p.contrib_u, p.coef_salary_u, p.base_u,
    p.priced_u, p.unpriced_u,
    round(mo.bonus_pct * p.coef_salary_u)::HUGEINT AS bonus_u,
    o.one_off_known, o.one_off_unknown
FROM projection_pay p
FULL JOIN projection_one_off o USING (scenario_id, m_idx, unit_key, staff_type)
LEFT JOIN projection_months mo
    ON mo.scenario_id = p.scenario_id AND mo.m_idx = p.m_idx AND mo.staff_type = p.staff_type
