-- The projected months of each scenario (month index m = year × 12 + month − 1, from the
-- scenario's first to its last month) × staff type, with the rules in force on the FIRST DAY
-- of each month under that scenario's parameters: base salary, public-service allowance,
-- bonus-fund share, insurance cap, and the employer contribution rate of the staff type.
-- One small table: the person-month pricing (projection_pay.sql) joins it by equality.
WITH months AS (
    SELECT sc.scenario_id, m.m_idx,
           make_date((m.m_idx // 12)::BIGINT, (m.m_idx % 12 + 1)::BIGINT, 1) AS m_date
    FROM pj_scenario sc
    CROSS JOIN LATERAL range(sc.start_idx, sc.end_idx + 1) AS m(m_idx)
),
types AS (
    SELECT DISTINCT staff_type FROM people
)
SELECT
    mo.scenario_id, mo.m_idx, mo.m_date, year(mo.m_date)::INTEGER AS year, t.staff_type,
    -- Months whose rules are all the same price a salary the same: one key per such period
    -- of a scenario and staff type.
    dense_rank() OVER (ORDER BY mo.scenario_id, t.staff_type, r.base_salary,
                                r.public_service_allowance_pct,
                                r.public_service_allowance_staff_types, r.bonus_fund_pct,
                                r.insurance_base_cap_multiple, e.social, e.health,
                                e.unemployment) AS price_period,
    r.base_salary::BIGINT AS base,  -- whole đồng; keeps the products' decimals in range
    CASE WHEN list_contains(string_split(r.public_service_allowance_staff_types, ','),
                            t.staff_type)
         THEN r.public_service_allowance_pct END AS ps_pct,
    r.bonus_fund_pct AS bonus_pct,
    r.insurance_base_cap_multiple * r.base_salary::BIGINT AS insurance_cap,
    e.social + e.health + e.unemployment AS contrib_rate
FROM months mo
CROSS JOIN types t
JOIN pj_series r
    ON r.scenario_id = mo.scenario_id AND mo.m_date BETWEEN r.valid_from AND r.valid_to
LEFT JOIN pj_employer_contribution e
    ON e.scenario_id = mo.scenario_id AND e.staff_type = t.staff_type
   AND mo.m_date BETWEEN e.valid_from AND e.valid_to
