-- Each person under each scenario: the month they stop being paid and the weight they carry.
-- stop_idx is the first month NOT paid: the pension-start month (Decree 135/2020: the month
-- after the retirement age is reached) or, when the scenario's reduction plan has them leave
-- (mode "proposals"), the month containing the day after their leave date — whichever comes
-- first. Mode "even": per unit of an agency, the in-scope people present in the first month
-- (H) owe rate × H leavers by `by`; natural retirements by then (N) count first, and the rest
-- E = max(0, rate × H − N) leaves as an even monthly attrition over the K months from the
-- first month to the month of `by`, spread over the in-scope people not retiring by then
-- (P = H − N): each of them carries the weight 1 − least(E / P, 1) × least(k, K) / K in the
-- k-th projected month (attr_rate = least(E / P, 1) / K).
WITH base AS (
    SELECT
        sc.scenario_id, sc.start_idx, sc.end_idx, sc.reduction_mode, sc.reduction_rate,
        year(sc.reduction_by) * 12 + month(sc.reduction_by) - 1 AS by_idx,
        p.person_id, p.agency, p.unit, p.staff_type, p.in_scope,
        year(p.pension_start) * 12 + month(p.pension_start) - 1 AS pension_idx,
        l.leave_idx
    FROM pj_scenario sc
    CROSS JOIN people p
    LEFT JOIN pj_proposals l ON l.scenario_id = sc.scenario_id AND l.person_id = p.person_id
),
stops AS (
    SELECT *,
        least(pension_idx, leave_idx) AS stop_idx,
        CASE WHEN leave_idx IS NOT NULL AND leave_idx < coalesce(pension_idx, leave_idx + 1)
             THEN 'reduction' WHEN pension_idx IS NOT NULL THEN 'retirement' END AS stop_kind,
        in_scope AND reduction_mode = 'even'
            AND coalesce(least(pension_idx, leave_idx), end_idx + 1) > start_idx AS in_pool,
        pension_idx - 1 <= by_idx AS retires_by
    FROM base
),
units AS (
    SELECT
        scenario_id, agency, unit,
        count(*) AS h,
        count(*) FILTER (WHERE retires_by) AS n,
        any_value(reduction_rate) AS rate,
        any_value(by_idx - start_idx + 1) AS k_months
    FROM stops
    WHERE in_pool
    GROUP BY ALL
),
attrition AS (
    SELECT scenario_id, agency, unit, k_months,
        -- DuckDB divides decimals in floating point: the weight is fixed to 12 decimals here,
        -- once, so every later sum stays exact.
        CASE WHEN h > n AND k_months > 0
             THEN (least(greatest(rate * h - n, 0) / (h - n), 1) / k_months)::DECIMAL(18, 12)
        END AS attr_rate
    FROM units
)
SELECT
    s.scenario_id, s.person_id, s.agency, s.unit, s.staff_type,
    s.stop_idx, s.stop_kind, s.start_idx,
    CASE WHEN s.in_pool AND NOT coalesce(s.retires_by, false) THEN a.attr_rate END AS attr_rate,
    CASE WHEN s.in_pool AND NOT coalesce(s.retires_by, false) THEN a.k_months END AS attr_months
FROM stops s
LEFT JOIN attrition a USING (scenario_id, agency, unit)
