-- The key figures of the run in one typed row (counts, đồng, dates, codes): shown first in
-- every output. The total target is ⌈rate × in-scope headcount⌉ (the stated policy); the sum
-- of the per-unit targets, each rounded up, is a separate figure.
WITH sc AS (SELECT * FROM scenario WHERE is_main),
newest AS (SELECT * FROM scenario WHERE scenario_id = 'newest_base'),
rows_ AS (
    SELECT sum("rows")::BIGINT AS rows_read, sum(people)::BIGINT AS people,
           sum(not_analysed)::BIGINT AS not_analysed
    FROM counts WHERE role = 'staff'
),
staff_ AS (
    SELECT count(*) FILTER (WHERE in_scope)::BIGINT AS in_scope,
           count(*) FILTER (WHERE in_scope AND retiring_by_horizon)::BIGINT AS retiring
    FROM people
),
fund_ AS (
    SELECT sum(monthly_fund)::BIGINT AS monthly_fund, sum(yearly_fund)::BIGINT AS yearly_fund,
           sum(yearly_total)::BIGINT AS yearly_total,
           sum(yearly_total_newest)::BIGINT AS yearly_total_newest,
           sum(yearly_difference)::BIGINT AS yearly_difference
    FROM fund
),
money AS (
    SELECT coalesce(sum(total), 0)::BIGINT AS one_off_cost,
           coalesce(sum(annual_saving), 0)::BIGINT AS annual_saving
    FROM payouts
),
base AS (
    SELECT
        (SELECT base_salary FROM p_series k, sc WHERE sc.as_of BETWEEN k.valid_from AND k.valid_to)
            AS base_salary,
        (SELECT base_salary FROM p_series k, newest
         WHERE newest.salary_on BETWEEN k.valid_from AND k.valid_to) AS newest_base_salary
)
SELECT
    r.rows_read, r.people, (r.rows_read - r.people - r.not_analysed)::BIGINT AS non_person_rows,
    r.not_analysed,
    (SELECT count(*) FROM issues WHERE severity <> 'info')::BIGINT AS warnings,
    s.in_scope, (r.people - s.in_scope)::BIGINT AS out_of_scope,
    ceil(sc.rate * s.in_scope)::BIGINT AS target_total,
    (SELECT sum(target) FROM unit_targets)::BIGINT AS target_sum_of_units,
    s.retiring AS retiring_total,
    greatest(ceil(sc.rate * s.in_scope) - s.retiring, 0)::BIGINT AS gap_total,
    f.monthly_fund, f.yearly_fund, f.yearly_total, f.yearly_total_newest, f.yearly_difference,
    b.base_salary::BIGINT AS base_salary, b.newest_base_salary::BIGINT AS newest_base_salary,
    sc.as_of, sc.horizon, sc.horizon_defaulted, sc.rate, sc.regime AS policy,
    sc.regime_defaulted AS policy_defaulted,
    (SELECT count(*) FILTER (WHERE proposed) FROM candidates)::BIGINT AS proposed_total,
    (SELECT count(*) FILTER (WHERE counts_toward_gap) FROM candidates)::BIGINT
        AS proposed_toward_gap,
    (SELECT coalesce(sum(remaining_gap), 0) FROM targets)::BIGINT AS remaining_gap_total,
    (SELECT count(*) FROM deferred)::BIGINT AS deferred_total,
    m.one_off_cost, m.annual_saving,
    -- Months of saving that repay the one-off cost, in tenths rounded half-up, in integers.
    CASE WHEN m.annual_saving > 0
         THEN ((m.one_off_cost * 240 + m.annual_saving) // (2 * m.annual_saving)
               * 0.1)::DECIMAL(10, 1) END AS payback_months
FROM rows_ r, staff_ s, fund_ f, money m, base b, sc
