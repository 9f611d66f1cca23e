-- What the projection assumes of people whose dates or pay it cannot follow, for the first
-- lines of its outputs: people whose pension starts before the first projected month are
-- never paid in it (the list is taken to be late: they have retired); people without a
-- pension start (birth date or sex missing) are paid to the last month; people without a
-- salary coefficient are not priced by it (projection_pay.sql counts their person-months);
-- people whose next step fell due before the first month (their step date on the list is
-- older than the months between steps) are paid the steps due from the first month, where
-- analyze prices the list as it stands (counted under the first scenario with step
-- increases, as projection_members.sql finds their scale).
WITH first_month AS (SELECT min(start_idx) AS start_idx FROM pj_scenario),
stepping AS (
    SELECT scenario_id, start_idx,
           make_date((start_idx // 12)::BIGINT, (start_idx % 12 + 1)::BIGINT, 1) AS start_on
    FROM pj_scenario WHERE step_increases ORDER BY ord LIMIT 1
),
overdue AS (
    SELECT count(*) AS steps_overdue
    FROM people p
    CROSS JOIN stepping sc
    JOIN pj_salary_scale st
        ON st.scenario_id = sc.scenario_id AND st.scale = p.scale
       AND st.salary_type = p.salary_type AND sc.start_on BETWEEN st.valid_from AND st.valid_to
    WHERE p.coef IS NOT NULL AND p.step < st.steps AND st.step_months > 0
      AND sc.start_idx - (year(p.coef_date) * 12 + month(p.coef_date) - 1) > st.step_months
      AND (p.pension_start IS NULL
           OR year(p.pension_start) * 12 + month(p.pension_start) - 1 > sc.start_idx)
)
SELECT
    count(*) FILTER (WHERE year(p.pension_start) * 12 + month(p.pension_start) - 1
                           <= f.start_idx) AS retired_before_start,
    count(*) FILTER (WHERE p.pension_start IS NULL) AS no_pension_start,
    count(*) FILTER (WHERE p.coef IS NULL) AS no_coef,
    any_value(o.steps_overdue) AS steps_overdue
FROM people p CROSS JOIN first_month f CROSS JOIN overdue o
