-- Per-person findings worth a line in Issues: unknown grade codes, coefficients off the
-- scale, leadership coefficients that fit no value of the title's post, missing data that
-- blocks the retirement computation, people past retirement age.
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
    SELECT lower(replace(replace(strip_accents(title), 'đ', 'd'), 'Đ', 'D')) AS post,
           list(DISTINCT coef ORDER BY coef) AS coefs
    FROM p_leadership_allowance GROUP BY ALL
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
SELECT source_file, source_sheet, source_row, code, value FROM (
    SELECT *, 'grade_unknown' AS code, grade_code AS value FROM people
    WHERE grade_code IS NOT NULL AND salary_type IS NULL
    UNION ALL BY NAME
    SELECT *, 'off_scale' AS code,
           concat(salary_type, ' bậc ', step, ': ', coef, ' ≠ ', scale_coef) AS value
    FROM people WHERE off_scale
    UNION ALL BY NAME
    SELECT *, 'lead_mismatch' AS code,
           concat(title, ': ', lead_coef::DECIMAL(12, 2), ' ∉ ', array_to_string(coefs, '; '))
               AS value
    FROM lead_mismatch
    UNION ALL BY NAME
    SELECT *, 'no_retirement' AS code, coalesce(CAST(birth_date AS VARCHAR), '') AS value
    FROM people WHERE retirement_month IS NULL
    UNION ALL BY NAME
    SELECT *, 'past_retirement' AS code, retirement_month AS value FROM people
    WHERE past_retirement
)
ORDER BY source_file, source_sheet, source_row
