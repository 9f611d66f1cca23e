-- People who are never proposed (law.md §3 "Deferred"): pregnant, on maternity leave or
-- raising a child under 36 months — unless they volunteer —, and anyone under discipline,
-- prosecution or inspection. In-scope people not yet past retirement age.
WITH flagged AS (
    SELECT
        *,
        list_filter(list_value(
            CASE WHEN pregnant AND NOT coalesce(volunteer, false) THEN 'pregnant' END,
            CASE WHEN maternity AND NOT coalesce(volunteer, false) THEN 'maternity' END,
            CASE WHEN child_under_36m AND NOT coalesce(volunteer, false) THEN 'child_under_36m' END,
            CASE WHEN discipline THEN 'discipline' END
        ), lambda x: x IS NOT NULL) AS reason_codes
    FROM people
    WHERE in_scope AND past_retirement IS NOT TRUE
)
SELECT
    person_id, employee_id, full_name, agency, unit, position, staff_type, volunteer, route,
    array_to_string(reason_codes, ',') AS reason_codes
FROM flagged
WHERE len(reason_codes) > 0
ORDER BY person_id
