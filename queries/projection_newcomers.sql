-- Newcomers replacing leavers, as arrival ramps: one row per scenario, replacement key and run
-- of arrival months [arrive_idx, until_idx), with the weight that arrives in each of those
-- months (replacement_rate is an expected-value weight, so results are deterministic). A
-- leaver by retirement or by the reduction plan whose first unpaid month falls inside the
-- projection is replaced from that month (a one-month run) with weight replacement_rate × the
-- leaver's weight then; the even attrition of a group of people is replaced in each month it
-- runs with weight replacement_rate × the weight lost that month — one run for the whole
-- attrition, which projection_pay.sql prices by the newcomers' time since arrival instead of
-- month by month. A newcomer enters at step 1 of the leaver's grade, in the same unit and staff
-- type, keeping only the regional allowance (it belongs to the place); newcomers are not
-- themselves replaced and do not retire within the projection. Under a scenario with a salary
-- table the newcomer also keeps the leaver's grade code (the table may price by it); elsewhere
-- grade codes of one scale are one cohort.
WITH tabled AS (
    SELECT DISTINCT scenario_id FROM pj_salary_table
),
leavers AS (
    SELECT
        pp.scenario_id, pp.agency, pp.unit, pp.staff_type,
        p.scale, p.salary_type, p.region_coef,
        CASE WHEN tb.scenario_id IS NOT NULL THEN p.grade_code END AS grade_code,
        pp.stop_idx AS arrive_idx, pp.stop_idx + 1 AS until_idx,
        sc.replacement_rate
            * (1 - coalesce(pp.attr_rate * least(greatest(pp.stop_idx - pp.start_idx, 0),
                                                  pp.attr_months), 0)) AS weight
    FROM projection_people pp
    JOIN pj_scenario sc USING (scenario_id)
    JOIN people p USING (person_id)
    LEFT JOIN tabled tb ON tb.scenario_id = pp.scenario_id
    WHERE sc.replacement_rate > 0 AND pp.stop_idx BETWEEN sc.start_idx AND sc.end_idx
),
pool AS (
    -- People under even attrition with the same replacement key and months lose weight
    -- together: one ramp per group.
    SELECT
        pp.scenario_id, pp.agency, pp.unit, pp.staff_type,
        p.scale, p.salary_type, p.region_coef,
        CASE WHEN tb.scenario_id IS NOT NULL THEN p.grade_code END AS grade_code, pp.attr_months,
        least(coalesce(pp.stop_idx, sc.end_idx + 1), sc.start_idx + pp.attr_months,
              sc.end_idx + 1) AS until_idx,
        sc.start_idx, sum(sc.replacement_rate * pp.attr_rate) AS weight
    FROM projection_people pp
    JOIN pj_scenario sc USING (scenario_id)
    JOIN people p USING (person_id)
    LEFT JOIN tabled tb ON tb.scenario_id = pp.scenario_id
    WHERE sc.replacement_rate > 0 AND pp.attr_rate > 0
    GROUP BY ALL
),
attrited AS (
    SELECT
        scenario_id, agency, unit, staff_type, scale, salary_type, region_coef, grade_code,
        start_idx AS arrive_idx, until_idx, weight
    FROM pool
    WHERE until_idx > start_idx
)
SELECT
    scenario_id, agency, unit, staff_type, scale, salary_type, region_coef, grade_code,
    arrive_idx, until_idx, sum(weight) AS weight
FROM (SELECT * FROM leavers UNION ALL BY NAME SELECT * FROM attrited)
GROUP BY ALL
