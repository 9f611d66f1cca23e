-- Salary fund per agency × unit × staff type × funding under the main scenario, beside the same fund
-- under the newest base salary in the parameters (scenario 'newest_base'), and the yearly
-- difference. `people_without_salary`: people of the group left out of its sums (no
-- coefficient); the sums are NULL when nobody in the group could be priced.
WITH cur AS (
    SELECT f.* FROM fund_by_scenario f JOIN scenario s USING (scenario_id) WHERE s.is_main
),
newest AS (
    SELECT * FROM fund_by_scenario WHERE scenario_id = 'newest_base'
)
SELECT
    c.agency, c.unit, c.staff_type, c.funding, c.headcount, c.people_without_salary,
    c.monthly_fund, c.bonus_fund, c.yearly_fund,
    c.employer_contrib, c.yearly_employer_contrib, c.yearly_union_fee, c.yearly_total,
    n.monthly_fund AS monthly_fund_newest,
    n.yearly_total AS yearly_total_newest,
    (n.yearly_total - c.yearly_total)::BIGINT AS yearly_difference
FROM cur c
JOIN newest n ON n.agency = c.agency AND n.unit IS NOT DISTINCT FROM c.unit
             AND n.staff_type IS NOT DISTINCT FROM c.staff_type
             AND n.funding IS NOT DISTINCT FROM c.funding
ORDER BY c.agency, c.unit, c.staff_type, c.funding
