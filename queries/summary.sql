-- The key figures of the run in one typed row (counts, đồng, dates, codes): shown first in
-- every output. One target figure: ⌈rate × in-scope headcount⌉ of each agency (the stated
-- policy), shared among its units (unit_targets); the total adds the agencies'. It is covered by natural retirements (up to each unit's
-- target), then by proposals on legal grounds; what they cannot cover is stated
-- (remaining_gap_total), so target = retiring_counted + proposals toward it + remaining gap.
-- The one-off cost is NULL while any proposed person's payout lacks an input.
-- Never a silent zero: people whose salary (no coefficient), retirement (in scope, no birth
-- date or sex) or scope (no staff type) cannot be computed are counted (people_without_*),
-- the run is `incomplete` and `not_computed` lists the codes of what is missing; a total none
-- of whose people could be computed is NULL (the fund with no coefficient, the scope and
-- target with no staff type, the retirements and gap with no birth date), else it covers the
-- others. The exit status stays 0.
WITH sc AS (SELECT * FROM scenario WHERE is_main),
newest AS (SELECT * FROM scenario WHERE scenario_id = 'newest_base'),
rows_ AS (
    SELECT sum("rows")::BIGINT AS rows_read, sum(people)::BIGINT AS people,
           sum(not_analysed)::BIGINT AS not_analysed
    FROM counts WHERE role = 'staff'
),
-- The rows of the job-position and units lists, counted apart (NULL: no list was read).
lists_ AS (
    SELECT sum("rows")::BIGINT AS list_rows, sum(records)::BIGINT AS list_records,
           sum(not_analysed)::BIGINT AS list_not_analysed
    FROM counts WHERE role IN ('positions', 'units')
),
staff_ AS (
    SELECT count(*) FILTER (WHERE in_scope)::BIGINT AS in_scope,
           count(*) FILTER (WHERE NOT in_scope)::BIGINT AS out_of_scope,
           count(*) FILTER (WHERE in_scope AND retiring_by_horizon)::BIGINT AS retiring,
           count(*) FILTER (WHERE monthly_salary IS NULL)::BIGINT AS without_salary,
           count(*) FILTER (WHERE in_scope AND retirement_month IS NULL)::BIGINT
               AS without_retirement,
           count(*) FILTER (WHERE in_scope IS NULL)::BIGINT AS without_scope,
           -- Some person's scope is known; some in-scope person's retirement is known (or
           -- nobody is in scope, a true zero).
           count(in_scope) > 0 AS scope_known,
           count(*) FILTER (WHERE in_scope AND retirement_month IS NOT NULL) > 0
               OR count(*) FILTER (WHERE in_scope) = 0 AS retirement_known
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
    SELECT (count(*) - count(total))::BIGINT AS payouts_unknown,
           -- The known payouts add up; none known is a true zero of that sum.
           CASE WHEN count(total) = 0 THEN 0 ELSE sum(total) END::BIGINT AS known_cost,
           -- Unknown while any proposed person's saving is (their salary is not computed).
           CASE WHEN count(*) = 0 THEN 0 WHEN count(annual_saving) = count(*)
                THEN sum(annual_saving) END::BIGINT AS annual_saving,
           CASE WHEN count(total) = 0 THEN 0
                ELSE sum(annual_saving) FILTER (WHERE total IS NOT NULL) END::BIGINT
               AS known_saving
    FROM payouts
),
units AS (
    SELECT sum(target)::BIGINT AS target,
           sum(retiring_counted)::BIGINT AS retiring_counted, sum(gap)::BIGINT AS gap,
           sum(remaining_gap)::BIGINT AS remaining_gap
    FROM targets
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
    l.list_rows, l.list_records, l.list_not_analysed,
    (SELECT count(*) FROM issues WHERE severity <> 'info')::BIGINT AS warnings,
    CASE WHEN s.scope_known THEN s.in_scope END AS in_scope,
    CASE WHEN s.scope_known THEN s.out_of_scope END AS out_of_scope,
    CASE WHEN s.scope_known THEN u.target END AS target_total,
    CASE WHEN s.scope_known AND s.retirement_known THEN s.retiring END AS retiring_total,
    CASE WHEN s.scope_known AND s.retirement_known THEN u.retiring_counted END
        AS retiring_counted_total,
    CASE WHEN s.scope_known AND s.retirement_known THEN u.gap END AS gap_total,
    f.monthly_fund, f.yearly_fund, f.yearly_total, f.yearly_total_newest, f.yearly_difference,
    b.base_salary::BIGINT AS base_salary, b.newest_base_salary::BIGINT AS newest_base_salary,
    sc.as_of, sc.horizon, sc.horizon_defaulted, sc.rate, sc.regime AS policy,
    sc.regime_defaulted AS policy_defaulted,
    (SELECT count(*) FILTER (WHERE proposed) FROM candidates)::BIGINT AS proposed_total,
    (SELECT count(*) FILTER (WHERE counts_toward_gap) FROM candidates)::BIGINT
        AS proposed_toward_gap,
    CASE WHEN s.scope_known AND s.retirement_known THEN u.remaining_gap END
        AS remaining_gap_total,
    (SELECT count(*) FROM deferred)::BIGINT AS deferred_total,
    CASE WHEN m.payouts_unknown = 0 THEN m.known_cost END::BIGINT AS one_off_cost,
    m.known_cost AS one_off_cost_known,
    m.payouts_unknown,
    m.annual_saving,
    -- Months of saving that repay the known one-off cost (the people whose payout is known),
    -- in tenths rounded half-up, in integers.
    CASE WHEN m.known_saving > 0
         THEN ((m.known_cost * 240 + m.known_saving) // (2 * m.known_saving)
               * 0.1)::DECIMAL(10, 1) END AS payback_months,
    s.without_salary AS people_without_salary,
    s.without_retirement AS people_without_retirement,
    s.without_scope AS people_without_scope,
    s.without_salary + s.without_retirement + s.without_scope > 0 AS incomplete,
    -- The codes of what is not (fully) computed, in the order the report words them.
    nullif(concat_ws(',',
        CASE WHEN s.without_scope > 0 THEN 'scope_no_staff_type' END,
        CASE WHEN s.without_salary > 0 THEN 'salary_no_coef' END,
        CASE WHEN s.without_retirement > 0 THEN 'retirement_no_birth_date' END), '')
        AS not_computed
FROM rows_ r, lists_ l, staff_ s, fund_ f, money m, units u, base b, sc
