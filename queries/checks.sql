-- Per-person findings worth a line in Issues: unknown grade codes, coefficients off the
-- scale, missing data that blocks the retirement computation, people past retirement age.
SELECT source_file, source_sheet, source_row, code, value FROM (
    SELECT *, 'grade_unknown' AS code, grade_code AS value FROM people
    WHERE grade_code IS NOT NULL AND salary_type IS NULL
    UNION ALL
    SELECT *, 'off_scale', concat(salary_type, ' bậc ', step, ': ', coef, ' ≠ ', scale_coef)
    FROM people WHERE off_scale
    UNION ALL
    SELECT *, 'no_retirement', coalesce(CAST(birth_date AS VARCHAR), '') FROM people
    WHERE retirement_month IS NULL
    UNION ALL
    SELECT *, 'past_retirement', retirement_month FROM people WHERE past_retirement
)
ORDER BY source_file, source_sheet, source_row
