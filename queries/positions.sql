-- Job-position project per agency × unit × position: quota, present, difference (present − quota),
-- vacancies, surplus, and people whose grade is below the position's grade.
-- Without a job-position sheet, positions come from the staff list (quota unknown).
WITH listed AS (
    -- A category of the old regime the new one merges (shared → professional) is reported
    -- as the group it is in on the as-of date.
    SELECT l.agency, l.unit, l.position, any_value(coalesce(m."into", l.category)) AS category,
           any_value(l.grade_code) AS grade_code, sum(l.quota) AS quota,
           count(l.quota) AS quota_rows
    FROM position_list l
    CROSS JOIN (SELECT as_of FROM scenario WHERE is_main) r
    LEFT JOIN p_position_category_merge m
        ON m.category = l.category AND r.as_of BETWEEN m.valid_from AND m.valid_to
    WHERE l.position IS NOT NULL
    GROUP BY l.agency, l.unit, l.position
),
from_staff AS (
    SELECT agency, unit, position, NULL::VARCHAR AS category, NULL::VARCHAR AS grade_code,
           NULL::HUGEINT AS quota, 0 AS quota_rows
    FROM people
    WHERE position IS NOT NULL
      AND agency NOT IN (SELECT agency FROM position_list WHERE agency IS NOT NULL)
    GROUP BY agency, unit, position
),
all_pos AS (SELECT * FROM listed UNION ALL SELECT * FROM from_staff),
required AS (
    SELECT a.*, g.salary_type, sc.rank AS required_rank
    FROM all_pos a
    CROSS JOIN (SELECT as_of FROM scenario WHERE is_main) r
    LEFT JOIN p_grade_code g
        ON g.grade_code = a.grade_code AND r.as_of BETWEEN g.valid_from AND g.valid_to
    LEFT JOIN p_salary_scale sc
        ON sc.scale = g.scale AND sc.salary_type = g.salary_type
       AND r.as_of BETWEEN sc.valid_from AND sc.valid_to
),
holders AS (
    SELECT
        p.agency,
        coalesce(m.pos_unit, p.unit) AS unit,
        coalesce(m.pos_position, p.position) AS position,
        p.grade_rank
    FROM people p JOIN position_match m USING (person_id)
    WHERE p.position IS NOT NULL
),
-- A listed unit meets the holders of that unit; a position listed without a unit meets its
-- holders in every unit of the agency. Two equality joins, each a hash join: one OR-ed
-- condition would pair every unit's "Chuyên viên" row with every holder of the title in the
-- agency before filtering (quadratic in the agency's size).
matched AS (
    SELECT r.*, h.position AS held, h.grade_rank
    FROM (SELECT * FROM required WHERE unit IS NOT NULL) r
    LEFT JOIN holders h
        ON h.agency = r.agency AND h.unit = r.unit AND h.position = r.position
    UNION ALL
    SELECT r.*, h.position AS held, h.grade_rank
    FROM (SELECT * FROM required WHERE unit IS NULL) r
    LEFT JOIN holders h
        ON h.agency = r.agency AND h.position = r.position
)
SELECT
    agency,
    unit,
    position,
    category,
    grade_code,
    salary_type,
    CASE WHEN quota_rows > 0 THEN quota END::INTEGER AS quota,
    count(held)::INTEGER AS present,
    (count(held) - quota)::INTEGER AS difference,
    -- Without a quota they are unknown (greatest() would skip the NULL and say 0).
    CASE WHEN quota IS NOT NULL THEN greatest(quota - count(held), 0) END::INTEGER AS vacancies,
    CASE WHEN quota IS NOT NULL THEN greatest(count(held) - quota, 0) END::INTEGER AS surplus,
    count(*) FILTER (WHERE grade_rank < required_rank)::INTEGER AS below_grade
FROM matched
GROUP BY agency, unit, position, category, grade_code, salary_type, quota, quota_rows,
         required_rank
ORDER BY agency, unit NULLS LAST, position
