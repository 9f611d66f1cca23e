-- Job-position project per agency × unit × position: quota, present, difference (present − quota),
-- vacancies, surplus, and people whose grade is below the position's grade.
-- Without a job-position sheet, positions come from the staff list (quota unknown).
WITH listed AS (
    SELECT source_file AS agency, unit, position, any_value(category) AS category,
           any_value(grade_code) AS grade_code, sum(quota) AS quota, count(quota) AS quota_rows
    FROM position_list WHERE position IS NOT NULL
    GROUP BY source_file, unit, position
),
from_staff AS (
    SELECT agency, unit, position, NULL::VARCHAR AS category, NULL::VARCHAR AS grade_code,
           NULL::HUGEINT AS quota, 0 AS quota_rows
    FROM people
    WHERE position IS NOT NULL
      AND agency NOT IN (SELECT source_file FROM position_list WHERE source_file IS NOT NULL)
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
)
SELECT
    r.agency,
    r.unit,
    r.position,
    r.category,
    r.grade_code,
    r.salary_type,
    CASE WHEN r.quota_rows > 0 THEN r.quota END::INTEGER AS quota,
    count(h.position)::INTEGER AS present,
    (count(h.position) - r.quota)::INTEGER AS difference,
    greatest(r.quota - count(h.position), 0)::INTEGER AS vacancies,
    greatest(count(h.position) - r.quota, 0)::INTEGER AS surplus,
    count(*) FILTER (WHERE h.grade_rank < r.required_rank)::INTEGER AS below_grade
-- A listed unit matches holders of that unit; a position listed without a unit matches its
-- holders in every unit of the agency (two hash joins, not one join on a coalesce).
FROM required r
LEFT JOIN holders h
    ON h.agency = r.agency AND h.position = r.position
   AND (h.unit = r.unit OR r.unit IS NULL)
GROUP BY r.agency, r.unit, r.position, r.category, r.grade_code, r.salary_type, r.quota,
         r.quota_rows, r.required_rank
ORDER BY r.agency, r.unit NULLS LAST, r.position
