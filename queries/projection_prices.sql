-- Every monthly salary the projection can pay, priced once: for each scenario's rules period
-- (price_period), each allowance key (sig, which includes the staff type), each coefficient a
-- member can reach (coef0 + j × increment, j up to the steps left) and each TNVK % it can
-- reach within the projection (none; a given % + j; the frame's first % + j × yearly), and
-- under a salary table each of its amounts in place of coefficient × base (amount set, coef_m
-- empty). A superset of what is paid, so projection_pay.sql prices each stretch of constant
-- pay by one join. Components are those of the staff table (queries/pay_prices.sql) with
-- the rules in force on the period's first month, each rounded half-up to whole đồng as
-- there; the formula mirrors pay_prices.sql's (a shared macro would need it changed).
WITH profiles AS (
    SELECT DISTINCT
        m.scenario_id, m.staff_type, m.sig, m.coef0, m.increment, m.tnvk0, m.frame_first,
        m.frame_yearly,
        CASE WHEN m.can_rise THEN greatest(m.steps - m.step0, 0) ELSE 0 END AS climbs,
        -- The most TNVK points a member can add by the last month (as projection_pay.sql).
        CASE WHEN m.rises THEN greatest((sc.end_idx - m.coef_idx) // 12
                                        - greatest(m.known_idx - m.coef_idx, 0) // 12, 0)
             ELSE 0 END AS tnvk_rises,
        CASE WHEN m.can_rise THEN greatest((sc.end_idx - m.last_idx - m.frame_after) // 12, 0)
             ELSE 0 END AS frame_rises
    FROM projection_members m
    JOIN pj_scenario sc USING (scenario_id)
    WHERE m.coef0 IS NOT NULL
),
coefs AS (
    SELECT p.*, CASE WHEN j.j = 0 THEN p.coef0 ELSE p.coef0 + j.j * p.increment END AS coef_m
    FROM profiles p
    CROSS JOIN LATERAL range(0, p.climbs + 1) AS j(j)
),
tnvks AS (
    -- No TNVK is priced as 0 %, as pay_prices.sql reads an empty TNVK.
    SELECT c.*, CASE WHEN c.tnvk0 > 0 THEN c.tnvk0 + t.j ELSE 0 END AS tnvk_m
    FROM coefs c
    CROSS JOIN LATERAL range(0, c.tnvk_rises + 1) AS t(j)
    UNION
    SELECT c.*, c.frame_first + t.j * c.frame_yearly AS tnvk_m
    FROM coefs c
    CROSS JOIN LATERAL range(0, c.frame_rises + 1) AS t(j)
    WHERE c.frame_first IS NOT NULL AND (c.tnvk0 IS NULL OR c.tnvk0 <= 0)
),
keys AS (
    SELECT DISTINCT t.scenario_id, t.staff_type, t.sig, t.coef_m, t.tnvk_m,
                    NULL::BIGINT AS amount
    FROM tnvks t
    UNION ALL
    -- A scenario's salary table (law.md §5): each of its amounts with every allowance key and
    -- TNVK % of that scenario, the coefficient left out (the amount replaces it).
    SELECT DISTINCT t.scenario_id, t.staff_type, t.sig, NULL AS coef_m, t.tnvk_m, a.amount
    FROM tnvks t
    JOIN (SELECT DISTINCT scenario_id, amount FROM pj_salary_table) a USING (scenario_id)
),
sigs AS (
    SELECT * EXCLUDE (staff_type) FROM projection_sigs
),
periods AS (
    SELECT DISTINCT scenario_id, staff_type, price_period, base, ps_pct, insurance_cap,
                    contrib_rate
    FROM projection_months
),
exact AS (
    SELECT k.*, s.* EXCLUDE (sig), mo.price_period, mo.base, mo.ps_pct, mo.insurance_cap,
        mo.contrib_rate,
        CASE WHEN k.amount IS NULL THEN k.coef_m * mo.base ELSE k.amount END AS x_salary,
        coalesce(s.lead_coef, 0) * mo.base AS x_leadership,
        CASE WHEN k.amount IS NULL THEN k.tnvk_m * 0.01 * k.coef_m * mo.base
             ELSE k.tnvk_m * 0.01 * k.amount END AS x_seniority
    FROM keys k
    JOIN sigs s USING (sig)
    JOIN periods mo USING (scenario_id, staff_type)
),
components AS (
    SELECT *,
        round(x_salary)::BIGINT AS salary,
        round(x_leadership)::BIGINT AS leadership,
        round(x_seniority)::BIGINT AS seniority,
        round(coalesce(region_coef, 0) * base)::BIGINT AS regional,
        round(coalesce(resp_coef, 0) * base)::BIGINT AS responsibility,
        round(coalesce(ps_pct, 0) * (x_salary + x_leadership + x_seniority))::BIGINT
            AS public_service,
        round(coalesce(pref_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS profession_pref,
        round(coalesce(prof_seniority_pct, 0) * 0.01
              * (x_salary + x_leadership + x_seniority))::BIGINT AS prof_seniority,
        round(coalesce(party_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS party_union,
        round(coalesce(reserved_coef, 0) * base)::BIGINT AS reserved
    FROM exact
)
SELECT
    -- Keys of 18 digits (not the 38 the arithmetic widens them to): cheaper to join on.
    price_period, sig, coef_m::DECIMAL(18, 6) AS coef_m, tnvk_m::DECIMAL(18, 6) AS tnvk_m,
    amount, base, salary,
    salary + leadership + seniority + regional + responsibility + public_service
        + profession_pref + prof_seniority + party_union + reserved AS monthly_salary,
    round(contrib_rate * least(salary + leadership + seniority + prof_seniority + reserved,
                               insurance_cap))::BIGINT AS employer_contrib
FROM components
