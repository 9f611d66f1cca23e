-- The monthly salary of every member in every paid month, summed per scenario × month ×
-- unit × staff type inside DuckDB: the person-months stream through one join with their
-- prices (projection_prices.sql) into the sums, and are never kept. Month m is paid from the
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
-- Weighted sums are exact integers. A member whose coefficient is unknown is not priced: it
-- is counted in unpriced_u, never as 0.
WITH sums AS (
    SELECT
        r.scenario_id, r.m_idx, r.unit_key, r.staff_type,
        sum(r.w) AS headcount_u,
        sum(r.w) FILTER (WHERE r.member_kind = 'newcomer') AS newcomers_u,
        sum(r.w * p.monthly_salary) AS salary_u,
        sum(r.w * p.salary) AS coef_salary_u,
        sum(r.w * p.employer_contrib) AS contrib_u,
        sum(r.w * p.base) AS base_u,
        sum(r.w) FILTER (WHERE p.salary IS NOT NULL) AS priced_u,
        sum(r.w) FILTER (WHERE r.coef_m IS NULL) AS unpriced_u
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
    ) r
    LEFT JOIN projection_prices p
        ON p.price_period = r.price_period AND p.sig = r.sig AND p.coef_m = r.coef_m
       AND p.tnvk_m = r.tnvk_m
    GROUP BY r.scenario_id, r.m_idx, r.unit_key, r.staff_type
)
SELECT s.scenario_id, s.m_idx, u.agency, u.unit, s.staff_type, s.* EXCLUDE (scenario_id, m_idx,
       unit_key, staff_type)
FROM sums s
JOIN (SELECT DISTINCT unit_key, agency, unit FROM projection_members) u USING (unit_key)
