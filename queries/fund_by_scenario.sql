-- Salary fund per scenario × agency × unit × staff type × funding (people.sql: the person's, else
-- the unit's; state, partial, self),
-- each scenario priced on its own salary date (pay.sql): monthly fund, bonus fund, employer
-- contributions (monthly), the trade-union fee (the rate for the unit's funding in force on the
-- salary date × the yearly insurance base) and the yearly total = 12 months + bonus fund + 12
-- months of contributions + union fee.
-- People whose pay is not computed (no coefficient: pay.sql) are counted in the headcount and
-- in `people_without_salary`, never priced at 0: a group's sums cover the others, and are NULL
-- when nobody in the group could be priced.
WITH summed AS (
    SELECT
        pay.scenario_id, p.agency, p.unit, p.staff_type, p.funding,
        count(*) AS headcount,
        count(*) FILTER (WHERE pay.monthly_salary IS NULL) AS people_without_salary,
        sum(pay.monthly_salary) AS monthly_fund,
        sum(pay.bonus_yearly) AS bonus_fund,
        sum(pay.employer_contrib) AS employer_contrib,
        sum(pay.insurance_base) AS insurance_base,
        any_value(pay.on_date) AS salary_on
    FROM pay
    JOIN people p USING (person_id)
    WHERE pay.basis = 'scenario'
    GROUP BY ALL
),
fee AS (
    SELECT s.*, round(u.rate * 12 * s.insurance_base) AS union_fee
    FROM summed s
    LEFT JOIN p_trade_union_fee u
        ON u.funding = s.funding AND s.salary_on BETWEEN u.valid_from AND u.valid_to
)
SELECT
    scenario_id, agency, unit, staff_type, funding,
    headcount::INTEGER AS headcount,
    people_without_salary::INTEGER AS people_without_salary,
    monthly_fund::BIGINT AS monthly_fund,
    bonus_fund::BIGINT AS bonus_fund,
    (12 * monthly_fund + bonus_fund)::BIGINT AS yearly_fund,
    employer_contrib::BIGINT AS employer_contrib,
    (12 * employer_contrib)::BIGINT AS yearly_employer_contrib,
    union_fee::BIGINT AS yearly_union_fee,
    (12 * monthly_fund + bonus_fund + 12 * employer_contrib + union_fee)::BIGINT AS yearly_total
FROM fee
ORDER BY scenario_id, agency, unit, staff_type, funding
