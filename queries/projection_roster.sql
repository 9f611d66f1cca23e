-- The columns of the analysis' `people` that the projection steps read: the table is narrowed
-- to them before the projection runs, so a national run holds 21 columns per person, not all.
SELECT
    person_id, agency, unit, staff_type, in_scope, pension_start, scale, salary_type,
    grade_code, position, coef, step, coef_date, tnvk_pct, lead_coef, region_coef, resp_coef,
    pref_pct, prof_seniority_pct, party_pct, reserved_coef
FROM people
