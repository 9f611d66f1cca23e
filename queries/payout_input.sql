-- Per person, the inputs of a streamlining payout under one regime (law.md §3 "Notation"):
--   S (s_current): the sum of the people.sql components the regime counts ($s_parts); each
--     s_* column shows a component as counted (0 when the regime excludes it), s_excluded the
--     rest of the monthly salary. A salary given directly ($salary_override) replaces S.
--   Sbar (s_avg): Decree 29's average of the last 60 months — avg_salary_60m, else S (noted).
--   leave date: leave_dates.sql; the salary components are pay.sql's 'leave' rows, priced
--     with the rules in force on the leave date.
--   months_early: Decree 135 retirement month − leave month (retirement is at the end of
--     that month, leaving at the end of the leave month); years_early: the regime's rounding
--     (remainder 1..$y_half months → 0.5 year, more → 1 year). For quitting it is the time
--     left to retirement age.
--   SI: si_months, else si_years × 12, else si_start (else the recruitment date, noted) →
--     leave month inclusive (contributions
--     assumed continuous, noted); si_years is n with the regime's rounding ($n_half).
--   first 12 months (only for regimes that have such a step, $uses_first12; else NULL):
--     first12, else leave date within $first12_window months of reorg_date, else assumed
--     (noted).
--   SI-law switch (law.md §3 "SI-law switch — judge it by the pension-start date"): an
--     early-retirement pension starts the first day of the month after the leave date
--     (pension_from); new_si_rule compares THAT with $si_switch_date, not the last working day
--     (leaving 2025-06-30 → pension 2025-07-01 → the new rule).
--   birth_date: for the age conditions of a regime's routes (Decree 154 Art. 8(2): under 45).
--   annual_saving: the salary fund and employer contributions for that person,
--     12 × (monthly_salary + employer_contrib) + bonus_yearly — whole đồng from pay.sql.
-- Only the people grounds.sql lists (the payout command lists its own): nobody else is ever
-- proposed, and pricing every route of a national list was 4.9 M rows for 35,000 choices.
-- Money: every component is already whole đồng (rounded once in pay_prices.sql); nothing is
-- rounded here.
WITH base AS (
    SELECT
        p.* EXCLUDE (salary, leadership, seniority, regional, responsibility, public_service,
                     profession_pref, prof_seniority, party_union, reserved, monthly_salary,
                     insurance_base, employer_contrib, bonus_yearly),
        pay.salary, pay.leadership, pay.seniority, pay.regional, pay.responsibility,
        pay.public_service, pay.profession_pref, pay.prof_seniority, pay.party_union,
        pay.reserved, pay.monthly_salary, pay.insurance_base, pay.employer_contrib,
        pay.bonus_yearly,
        l.leave_on,
        l.leave_defaulted,
        year(p.retirement_month) * 12 + month(p.retirement_month) - 1 AS retire_idx
    FROM people p
    JOIN leave_dates l USING (person_id)
    JOIN scenario sc ON sc.is_main
    JOIN pay ON pay.person_id = p.person_id AND pay.scenario_id = sc.scenario_id
            AND pay.basis = 'leave'
    WHERE p.person_id IN (SELECT person_id FROM grounds)
),
counted AS (
    SELECT
        *,
        year(leave_on) * 12 + month(leave_on) - 1 AS leave_idx,
        (date_trunc('month', leave_on) + INTERVAL 1 MONTH)::DATE AS pension_from,
        CASE WHEN list_contains($s_parts, 'salary') THEN salary ELSE 0 END AS s_salary,
        CASE WHEN list_contains($s_parts, 'leadership') THEN leadership ELSE 0 END AS s_leadership,
        CASE WHEN list_contains($s_parts, 'seniority') THEN seniority ELSE 0 END AS s_seniority,
        CASE WHEN list_contains($s_parts, 'prof_seniority') THEN prof_seniority ELSE 0 END
            AS s_prof_seniority,
        CASE WHEN list_contains($s_parts, 'profession_pref') THEN profession_pref ELSE 0 END
            AS s_profession_pref,
        CASE WHEN list_contains($s_parts, 'responsibility') THEN responsibility ELSE 0 END
            AS s_responsibility,
        CASE WHEN list_contains($s_parts, 'public_service') THEN public_service ELSE 0 END
            AS s_public_service,
        CASE WHEN list_contains($s_parts, 'party_union') THEN party_union ELSE 0 END
            AS s_party_union,
        CASE WHEN list_contains($s_parts, 'regional') THEN regional ELSE 0 END AS s_regional,
        CASE WHEN list_contains($s_parts, 'reserved') THEN reserved ELSE 0 END AS s_reserved
    FROM base
),
measured AS (
    SELECT
        *,
        (s_salary + s_leadership + s_seniority + s_prof_seniority + s_profession_pref
         + s_responsibility + s_public_service + s_party_union + s_regional + s_reserved)::BIGINT
            AS s_components,
        coalesce($months_override::INTEGER, retire_idx - leave_idx)::INTEGER AS m,
        coalesce(
            si_months,
            round(si_years * 12)::INTEGER,
            CASE WHEN si_start IS NOT NULL
                 THEN leave_idx - (year(si_start) * 12 + month(si_start) - 1) + 1 END,
            -- Last resort: compulsory SI assumed to run from the recruitment date.
            CASE WHEN join_date IS NOT NULL
                 THEN leave_idx - (year(join_date) * 12 + month(join_date) - 1) + 1 END
        )::INTEGER AS si_m,
        CASE WHEN si_months IS NOT NULL THEN 'si_months'
             WHEN si_years IS NOT NULL THEN 'si_years'
             WHEN si_start IS NOT NULL THEN 'si_start'
             WHEN join_date IS NOT NULL THEN 'join_date' END AS si_source,
        CASE WHEN $uses_first12 THEN coalesce(
            first12,
            CASE WHEN reorg_date IS NOT NULL
                 THEN leave_on < reorg_date + to_months($first12_window::INTEGER) END,
            true
        ) END AS in_first12,
        CASE WHEN NOT $uses_first12 THEN NULL
             WHEN first12 IS NOT NULL THEN 'input'
             WHEN reorg_date IS NOT NULL THEN 'reorg_date'
             ELSE 'assumed' END AS first12_source
    FROM counted
),
final AS (
    SELECT
        *,
        coalesce($salary_override::BIGINT, s_components) AS s_now,
        CASE WHEN m > 0 THEN
            (m // 12)::DECIMAL(8, 1)
            + CASE WHEN m % 12 = 0 THEN 0 WHEN m % 12 <= $y_half THEN 0.5 ELSE 1 END
        END::DECIMAL(8, 1) AS y,
        CASE WHEN si_m >= 0 THEN
            (si_m // 12)::DECIMAL(8, 1)
            + CASE WHEN si_m % 12 = 0 THEN 0 WHEN si_m % 12 <= $n_half THEN 0.5 ELSE 1 END
        END::DECIMAL(8, 1) AS n
    FROM measured
)
SELECT
    person_id, employee_id, full_name, agency, unit, position, staff_type, in_scope,
    retiring_by_horizon, past_retirement, months_to_retirement, retirement_month, route,
    birth_date,
    $regime AS regime,
    s_salary, s_leadership, s_seniority, s_prof_seniority, s_profession_pref,
    s_responsibility, s_public_service, s_party_union, s_regional, s_reserved,
    (monthly_salary - s_components)::BIGINT AS s_excluded,
    s_now AS s_current,
    CASE WHEN $salary_override::BIGINT IS NOT NULL THEN 'given' ELSE 'components' END AS s_basis,
    coalesce(avg_salary_60m, s_now)::BIGINT AS s_avg,
    leave_on AS leave_date,
    pension_from,
    m AS months_early,
    y AS years_early,
    si_m AS si_months,
    n AS si_years,
    si_source,
    in_first12 AS first12,
    first12_source,
    coalesce(pension_from >= $si_switch_date::DATE, false) AS new_si_rule,
    (12 * (monthly_salary + employer_contrib) + bonus_yearly)::BIGINT AS annual_saving,
    list_filter(list_value(
        CASE WHEN leave_defaulted THEN 'leave_default' END,
        CASE WHEN first12_source = 'assumed' AND $uses_first12 THEN 'first12_assumed' END,
        CASE WHEN first12_source = 'reorg_date' AND $uses_first12 THEN 'first12_from_reorg' END,
        CASE WHEN si_source = 'si_start' THEN 'si_from_start' END,
        CASE WHEN si_source = 'join_date' THEN 'si_from_join_date' END,
        CASE WHEN $uses_avg AND avg_salary_60m IS NULL THEN 'avg_missing' END,
        CASE WHEN $salary_override::BIGINT IS NOT NULL THEN 'salary_given' END,
        CASE WHEN $months_override::INTEGER IS NOT NULL THEN 'months_given' END,
        CASE WHEN leave_on NOT BETWEEN $in_force_from::DATE AND $in_force_to::DATE
             THEN 'leave_outside_regime' END
    ), lambda x: x IS NOT NULL) AS notes
FROM final
