-- Salary fund per unit × staff type: monthly, yearly (12 months + bonus fund), employer
-- contributions, and the same under the newest base salary in the parameters.
WITH cur AS (
    SELECT unit, staff_type,
           count(*) AS headcount,
           sum(monthly_salary) AS monthly_fund,
           sum(bonus_yearly) AS bonus_fund,
           sum(employer_contrib) AS employer_contrib,
           sum(insurance_base) AS insurance_base
    FROM people GROUP BY ALL
),
newest AS (
    SELECT unit, staff_type,
           sum(monthly_salary) AS monthly_fund,
           sum(bonus_yearly) AS bonus_fund,
           sum(employer_contrib) AS employer_contrib,
           sum(insurance_base) AS insurance_base
    FROM people_newest GROUP BY ALL
),
yearly AS (
    SELECT
        c.unit, c.staff_type, c.headcount, c.monthly_fund, c.bonus_fund,
        12 * c.monthly_fund + c.bonus_fund AS yearly_fund,
        c.employer_contrib,
        12 * c.employer_contrib AS yearly_employer_contrib,
        round($union_pct * 12 * c.insurance_base) AS yearly_union_fee,
        n.monthly_fund AS monthly_fund_newest,
        12 * n.monthly_fund + n.bonus_fund + 12 * n.employer_contrib
            + round($union_pct * 12 * n.insurance_base) AS yearly_total_newest
    FROM cur c
    JOIN newest n ON n.unit IS NOT DISTINCT FROM c.unit
                 AND n.staff_type IS NOT DISTINCT FROM c.staff_type
)
SELECT
    unit, staff_type,
    headcount::INTEGER AS headcount,
    monthly_fund::BIGINT AS monthly_fund,
    bonus_fund::BIGINT AS bonus_fund,
    yearly_fund::BIGINT AS yearly_fund,
    employer_contrib::BIGINT AS employer_contrib,
    yearly_employer_contrib::BIGINT AS yearly_employer_contrib,
    yearly_union_fee::BIGINT AS yearly_union_fee,
    (yearly_fund + yearly_employer_contrib + yearly_union_fee)::BIGINT AS yearly_total,
    monthly_fund_newest::BIGINT AS monthly_fund_newest,
    yearly_total_newest::BIGINT AS yearly_total_newest,
    (yearly_total_newest - yearly_fund - yearly_employer_contrib - yearly_union_fee)::BIGINT
        AS yearly_difference
FROM yearly
ORDER BY unit, staff_type
