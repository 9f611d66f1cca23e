-- People with no job position, or whose position is not in the job-position sheet.
SELECT p.person_id, p.employee_id, p.full_name, p.unit, p.position
FROM people p JOIN position_match m USING (person_id)
WHERE p.position IS NULL
   OR (m.pos_position IS NULL AND EXISTS (SELECT 1 FROM position_list))
ORDER BY p.unit, p.person_id
