-- Per-person findings worth a line in Issues, as issue rows (a code and its arguments; the
-- report words them): unknown grade codes, coefficients off the scale, leadership coefficients
-- that fit no value of the title's post, missing data that blocks the retirement computation,
-- the salary (no coefficient: the person is left out of the fund, never priced at 0) or the
-- scope (no staff type: in_scope unknown),
-- people past retirement age; implausible dates (born after the as-of date, recruited before
-- birth or below the minimum working age), coefficients outside every scale, and citizen IDs
-- whose sex/century digit or birth-year digits disagree with the recorded sex and birth year
-- (the thresholds are dated series: plausibility.toml).
-- Each row names the input `field` it is about (issues.sql finds that field's column in the
-- source sheet; `alt_field` is the sheet's other way to give it: a birth date in the column of
-- the person's sex, as the official forms split it) and quotes the value as read: a
-- coefficient as typed (4.5, not 4.5000), a date in ISO form; a personal number (citizen ID)
-- is never quoted, only the digit at fault.
WITH sc0 AS (SELECT * FROM scenario WHERE is_main),
plaus AS (
    SELECT sc0.as_of, k.min_working_age, k.citizen_id_century_base
    FROM sc0 LEFT JOIN p_series k ON sc0.as_of BETWEEN k.valid_from AND k.valid_to
),
scale_range AS (
    SELECT st.first AS lo, st.first + (st.steps - 1) * st.increment AS hi
    FROM p_salary_scale st JOIN sc0 ON sc0.as_of BETWEEN st.valid_from AND st.valid_to
),
dated AS (
    SELECT pe.*, pl.as_of, pl.min_working_age FROM people pe CROSS JOIN plaus pl
),
cid AS (
    -- 12-digit IDs only: the 4th digit is the century and sex (even male, odd female; each
    -- century after the base one adds two), the 5th–6th the birth year's last two digits.
    SELECT *, (pl.citizen_id_century_base + digit // 2) * 100 + yy AS id_year
    FROM (
        SELECT pe.*, s.citizen_id,
               regexp_extract(s.citizen_id, '^[0-9]{3}([0-9])', 1)::INTEGER AS digit,
               regexp_extract(s.citizen_id, '^[0-9]{4}([0-9]{2})', 1)::INTEGER AS yy
        FROM people pe JOIN staff s USING (person_id)
        WHERE regexp_full_match(coalesce(s.citizen_id, ''), '[0-9]{12}')
    ) CROSS JOIN plaus pl
    WHERE pl.citizen_id_century_base IS NOT NULL
),
folded AS (
    -- Titles compared without case or diacritics ("Phó Giám đốc Sở" starts with "pho giam doc").
    -- The table holds state-administration posts only: public employees and public service
    -- units (a centre's "Giám đốc" is another post) are not checked: a unit is its agency's
    -- (a same-named unit of another agency is another unit).
    SELECT person_id,
           lower(replace(replace(strip_accents(trim(title)), 'đ', 'd'), 'Đ', 'D')) AS t
    FROM people pe
    WHERE title IS NOT NULL AND lead_coef IS NOT NULL
      AND staff_type IS DISTINCT FROM 'public_employee'
      AND NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_kind = 'public_service_unit'
                      AND u.agency = pe.agency AND u.unit = pe.unit)
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
    field,
    CASE WHEN field = 'birth_date' THEN CASE sex WHEN 'M' THEN 'birth_male'
                                                WHEN 'F' THEN 'birth_female' END END AS alt_field,
    value, code, args,
    CASE WHEN code = 'past_retirement' THEN 'info' ELSE 'warning' END AS severity
FROM (
    SELECT *, 'grade_unknown' AS code, 'grade_code' AS field, grade_code AS value,
           json_object('grade_code', grade_code)::VARCHAR AS args
    FROM people
    WHERE grade_code IS NOT NULL AND salary_type IS NULL
    UNION ALL BY NAME
    SELECT *, 'off_scale' AS code, 'coef' AS field, coef::DOUBLE::VARCHAR AS value,
           json_object('salary_type', salary_type, 'step', step, 'coef', coef,
                       'scale_coef', scale_coef)::VARCHAR AS args
    FROM people WHERE off_scale
    UNION ALL BY NAME
    SELECT *, 'lead_mismatch' AS code, 'lead_coef' AS field, lead_coef::DOUBLE::VARCHAR AS value,
           json_object('title', title, 'coef', lead_coef::DECIMAL(12, 2),
                       'allowed', coefs)::VARCHAR AS args
    FROM lead_mismatch
    UNION ALL BY NAME
    SELECT *, 'no_retirement' AS code,
           CASE WHEN birth_date IS NULL THEN 'birth_date' ELSE 'sex' END AS field,
           NULL::VARCHAR AS value,
           json_object('birth_date', birth_date, 'sex', sex)::VARCHAR AS args
    FROM people WHERE retirement_month IS NULL
    UNION ALL BY NAME
    SELECT *, 'no_salary' AS code, 'coef' AS field, NULL::VARCHAR AS value,
           json_object('grade_code', grade_code, 'step', step)::VARCHAR AS args
    FROM people WHERE monthly_salary IS NULL
    UNION ALL BY NAME
    SELECT *, 'no_scope' AS code, 'staff_type' AS field, NULL::VARCHAR AS value,
           json_object('contract_type', contract_type)::VARCHAR AS args
    FROM people WHERE in_scope IS NULL
    UNION ALL BY NAME
    SELECT *, 'birth_in_future' AS code, 'birth_date' AS field,
           CAST(birth_date AS VARCHAR) AS value,
           json_object('birth_date', birth_date)::VARCHAR AS args
    FROM dated WHERE birth_date > as_of
    UNION ALL BY NAME
    SELECT *, 'born_after_joining' AS code, 'join_date' AS field,
           CAST(join_date AS VARCHAR) AS value,
           json_object('join_date', join_date, 'birth_date', birth_date)::VARCHAR AS args
    FROM dated WHERE join_date < birth_date
    UNION ALL BY NAME
    SELECT *, 'too_young_at_joining' AS code, 'join_date' AS field,
           CAST(join_date AS VARCHAR) AS value,
           json_object('join_date', join_date, 'birth_date', birth_date,
                       'min_age', min_working_age)::VARCHAR AS args
    FROM dated
    WHERE join_date >= birth_date
      AND join_date < birth_date + to_years(CAST(min_working_age AS INTEGER))
    UNION ALL BY NAME
    SELECT *, 'coef_outside_scales' AS code, 'coef' AS field, coef::DOUBLE::VARCHAR AS value,
           json_object('coef', coef)::VARCHAR AS args
    FROM people pe
    WHERE coef IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM scale_range r WHERE pe.coef BETWEEN r.lo AND r.hi)
    UNION ALL BY NAME
    SELECT *, 'citizen_id_sex' AS code, 'citizen_id' AS field,
           CAST(digit AS VARCHAR) AS value,
           json_object('digit', digit, 'sex', sex)::VARCHAR AS args
    FROM cid WHERE sex IS NOT NULL AND (digit % 2 = 1) <> (sex = 'F')
    UNION ALL BY NAME
    SELECT *, 'citizen_id_year' AS code, 'citizen_id' AS field,
           CAST(id_year AS VARCHAR) AS value,
           json_object('id_year', id_year, 'birth_year', year(birth_date))::VARCHAR AS args
    FROM cid WHERE birth_date IS NOT NULL AND id_year <> year(birth_date)
    UNION ALL BY NAME
    SELECT *, 'past_retirement' AS code, 'birth_date' AS field,
           CAST(birth_date AS VARCHAR) AS value,
           json_object('month', retirement_month)::VARCHAR AS args
    FROM people
    WHERE past_retirement
)
ORDER BY file, sheet, "row"
