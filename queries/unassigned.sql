-- People with no job position, or whose position is not in their agency's job-position list.
SELECT p.person_id, p.employee_id, p.full_name, p.agency, p.unit, p.position
FROM people p JOIN position_match m USING (person_id)
WHERE p.position IS NULL
   OR (m.pos_position IS NULL
       AND p.agency IN (SELECT agency FROM position_list WHERE agency IS NOT NULL))
ORDER BY p.agency, p.unit, p.person_id
