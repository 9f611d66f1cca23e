-- Per-person findings worth a line in Issues, as issue rows (a code and its arguments; the
-- report words them): unknown grade codes, coefficients off the scale, leadership coefficients
-- that fit no value of the title's post, missing data that blocks the retirement computation,
-- people past retirement age.
WITH folded AS (
    -- Titles compared without case or diacritics ("Phó Giám đốc Sở" starts with "pho giam doc").
    -- The table holds state-administration posts only: public employees and public service
    -- units (a centre's "Giám đốc" is another post) are not checked.
    SELECT person_id,
           lower(replace(replace(strip_accents(trim(title)), 'đ', 'd'), 'Đ', 'D')) AS t
    FROM people
    WHERE title IS NOT NULL AND lead_coef IS NOT NULL
      AND staff_type IS DISTINCT FROM 'public_employee'
      AND unit NOT IN (SELECT unit FROM units WHERE unit_kind = 'public_service_unit')
),
posts AS (
    SELECT lower(replace(replace(strip_accents(l.title), 'đ', 'd'), 'Đ', 'D')) AS post,
           list(DISTINCT l.coef::DECIMAL(12, 2) ORDER BY l.coef::DECIMAL(12, 2)) AS coefs
    FROM p_leadership_allowance l
    JOIN scenario sc ON sc.is_main AND sc.as_of BETWEEN l.valid_from AND l.valid_to
    GROUP BY ALL
),
matched AS (
    -- The longest post name the title starts with: "pho truong phong" before "truong phong".
    SELECT f.person_id, arg_max(p.coefs, length(p.post)) AS coefs
    FROM folded f JOIN posts p ON starts_with(f.t, p.post)
    GROUP BY f.person_id
),
lead_mismatch AS (
    SELECT pe.*, m.coefs
    FROM people pe JOIN matched m USING (person_id)
    WHERE NOT list_contains(m.coefs, pe.lead_coef::DECIMAL(12, 2))
)
SELECT
    source_file AS file, source_sheet AS sheet, source_row AS "row", NULL::VARCHAR AS "column",
    value, code, args,
    CASE WHEN code = 'past_retirement' THEN 'info' ELSE 'warning' END AS severity
FROM (
    SELECT *, 'grade_unknown' AS code, grade_code AS value,
           json_object('grade_code', grade_code)::VARCHAR AS args
    FROM people
    WHERE grade_code IS NOT NULL AND salary_type IS NULL
    UNION ALL BY NAME
    SELECT *, 'off_scale' AS code, CAST(coef AS VARCHAR) AS value,
           json_object('salary_type', salary_type, 'step', step, 'coef', coef,
                       'scale_coef', scale_coef)::VARCHAR AS args
    FROM people WHERE off_scale
    UNION ALL BY NAME
    SELECT *, 'lead_mismatch' AS code, CAST(lead_coef AS VARCHAR) AS value,
           json_object('title', title, 'coef', lead_coef::DECIMAL(12, 2),
                       'allowed', array_to_string(coefs, '; '))::VARCHAR AS args
    FROM lead_mismatch
    UNION ALL BY NAME
    SELECT *, 'no_retirement' AS code, CAST(birth_date AS VARCHAR) AS value,
           json_object('birth_date', birth_date, 'sex', sex)::VARCHAR AS args
    FROM people WHERE retirement_month IS NULL
    UNION ALL BY NAME
    SELECT *, 'past_retirement' AS code, CAST(retirement_month AS VARCHAR) AS value,
           json_object('month', retirement_month)::VARCHAR AS args
    FROM people
    WHERE past_retirement
)
ORDER BY file, sheet, "row"
