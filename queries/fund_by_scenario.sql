-- Salary fund per scenario × unit × staff type, each scenario priced on its own salary date
-- (pay.sql): monthly fund, bonus fund, employer contributions (monthly), the trade-union fee
-- (a share of the yearly insurance base, rate in force on the salary date) and the yearly
-- total = 12 months + bonus fund + 12 months of contributions + union fee.
WITH summed AS (
    SELECT
        pay.scenario_id, p.unit, p.staff_type,
        count(*) AS headcount,
        sum(pay.monthly_salary) AS monthly_fund,
        sum(pay.bonus_yearly) AS bonus_fund,
        sum(pay.employer_contrib) AS employer_contrib,
        sum(pay.insurance_base) AS insurance_base,
        any_value(pay.on_date) AS salary_on
    FROM pay
    JOIN people p USING (person_id)
    WHERE pay.basis = 'scenario'
    GROUP BY ALL
)
SELECT
    s.scenario_id, s.unit, s.staff_type,
    s.headcount::INTEGER AS headcount,
    s.monthly_fund::BIGINT AS monthly_fund,
    s.bonus_fund::BIGINT AS bonus_fund,
    (12 * s.monthly_fund + s.bonus_fund)::BIGINT AS yearly_fund,
    s.employer_contrib::BIGINT AS employer_contrib,
    (12 * s.employer_contrib)::BIGINT AS yearly_employer_contrib,
    round(k.trade_union_fee_pct * 12 * s.insurance_base)::BIGINT AS yearly_union_fee,
    (12 * s.monthly_fund + s.bonus_fund + 12 * s.employer_contrib
     + round(k.trade_union_fee_pct * 12 * s.insurance_base))::BIGINT AS yearly_total
FROM summed s
JOIN p_series k ON s.salary_on BETWEEN k.valid_from AND k.valid_to
ORDER BY s.scenario_id, s.unit, s.staff_type
