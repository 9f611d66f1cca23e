-- The monthly salary of every member in every paid month, summed per scenario × month ×
-- unit × staff type inside DuckDB (no person-month table is kept). Month m is paid from the
-- member's first month up to, not including, stop_idx.
--   step in m   = step0 + ⌊(m − coef month) / months between steps⌋, at most the last step:
--                 the next step is paid from the month containing coef_date + 36 (24) months;
--   coefficient = coef0 + (step − step0) × increment (an off-scale coefficient keeps its gap);
--   TNVK %      = a % given in the workbook (as of the as-of date) + 1 point at each later
--                 anniversary of coef_date (paid from the month containing it); else,
--                 at the last step, 5 % from the month containing last-step date + 36 (24)
--                 months, +1 point every further 12 months (frame rows of the scenario);
--   weight      = w0 − attr_units × least(k, K) in the k-th projected month (even attrition;
--                 $weight_scale units = one person; newcomers replacement_rate × …).
-- Components are those of the staff table (queries/pay.sql), with the rules in force on the
-- first day of m: each rounded half-up to whole đồng per member and month, as there. They are
-- priced once per distinct (rules period, allowances, coefficient, TNVK) — the same inputs
-- give the same đồng — and weighted by integer units, so every sum is exact. The formula
-- mirrors pay.sql's (a shared macro would need pay.sql changed; see the README).
-- A member whose coefficient is unknown is not priced: counted in unpriced_u, never 0.
WITH cells AS (
    -- Person-months with the same unit, month, allowances, coefficient and TNVK add their
    -- weights: one row each, priced below.
    -- (The allowance key sig includes the staff type.)
    SELECT scenario_id, m_idx, unit_key, price_period, sig, coef_m, tnvk_m,
           any_value(staff_type) AS staff_type, sum(w) AS w,
           sum(w) FILTER (WHERE member_kind = 'newcomer') AS w_new
    FROM (
    SELECT
        mb.scenario_id, mb.member_kind, mb.unit_key, mb.staff_type, mb.sig, mo.m_idx,
        mo.price_period,
        CASE WHEN mb.attr_units IS NULL THEN mb.w0
             ELSE mb.w0 - mb.attr_units * least(mo.m_idx - mb.start_idx + 1, mb.attr_months)
        END AS w,
        CASE WHEN mb.can_rise AND mo.m_idx - mb.coef_idx >= mb.step_months
             THEN mb.coef0 + (least(mb.step0 + (mo.m_idx - mb.coef_idx) // mb.step_months,
                                    greatest(mb.steps, mb.step0)) - mb.step0) * mb.increment
             ELSE mb.coef0 END AS coef_m,
        -- TNVK: a given % + 1 point per anniversary of coef_date after the as-of month; else
        -- the frame rule from (months at the last step) ≥ frame_after. Pricing reads no TNVK
        -- as 0 %, so the key does too.
        CASE WHEN mb.tnvk0 > 0
             THEN mb.tnvk0 + CASE WHEN mb.rises AND mo.m_idx >= mb.coef_idx
                                  THEN (mo.m_idx - mb.coef_idx) // 12
                                       - greatest(mb.known_idx - mb.coef_idx, 0) // 12
                                  ELSE 0 END
             WHEN mb.can_rise AND mo.m_idx - mb.last_idx >= mb.frame_after
             THEN mb.frame_first + (mo.m_idx - mb.last_idx - mb.frame_after) // 12
                                   * mb.frame_yearly
             ELSE 0 END AS tnvk_m
    FROM projection_members mb
    JOIN projection_months mo
        ON mo.scenario_id = mb.scenario_id AND mo.staff_type = mb.staff_type
       AND mo.m_idx >= mb.from_idx AND mo.m_idx < mb.stop_idx
    )
    GROUP BY scenario_id, m_idx, unit_key, price_period, sig, coef_m, tnvk_m
),
sigs AS (
    SELECT DISTINCT sig, lead_coef, region_coef, resp_coef, pref_pct, prof_seniority_pct,
                    party_pct, reserved_coef
    FROM projection_members
),
keys AS (
    SELECT DISTINCT price_period, sig, coef_m, tnvk_m FROM cells WHERE coef_m IS NOT NULL
),
exact AS (
    SELECT k.*, s.*, mo.base, mo.ps_pct, mo.insurance_cap, mo.contrib_rate,
        k.coef_m * mo.base AS x_salary,
        coalesce(s.lead_coef, 0) * mo.base AS x_leadership,
        k.tnvk_m * 0.01 * k.coef_m * mo.base AS x_seniority
    FROM keys k
    JOIN sigs s USING (sig)
    JOIN (SELECT DISTINCT ON (price_period) * FROM projection_months) mo USING (price_period)
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
),
priced AS (
    SELECT
        price_period, sig, coef_m, tnvk_m, base, salary,
        salary + leadership + seniority + regional + responsibility + public_service
            + profession_pref + prof_seniority + party_union + reserved AS monthly_salary,
        round(contrib_rate * least(salary + leadership + seniority + prof_seniority + reserved,
                                   insurance_cap))::BIGINT AS employer_contrib
    FROM components
),
sums AS (
    SELECT
        r.scenario_id, r.m_idx, r.unit_key, r.staff_type,
        sum(r.w) AS headcount_u,
        sum(r.w_new) AS newcomers_u,
        sum(r.w * p.monthly_salary) AS salary_u,
        sum(r.w * p.salary) AS coef_salary_u,
        sum(r.w * p.employer_contrib) AS contrib_u,
        sum(r.w * p.base) AS base_u,
        sum(r.w) FILTER (WHERE p.salary IS NOT NULL) AS priced_u,
        sum(r.w) FILTER (WHERE r.coef_m IS NULL) AS unpriced_u
    FROM cells r
    LEFT JOIN priced p
        ON p.price_period = r.price_period AND p.sig = r.sig AND p.coef_m = r.coef_m
       AND p.tnvk_m = r.tnvk_m
    GROUP BY ALL
)
SELECT s.scenario_id, s.m_idx, u.agency, u.unit, s.staff_type, s.* EXCLUDE (scenario_id, m_idx,
       unit_key, staff_type)
FROM sums s
JOIN (SELECT DISTINCT unit_key, agency, unit FROM projection_members) u USING (unit_key)
