-- Retirement month index (year × 12 + month − 1) per person, Decree 135/2020 (law.md §2):
-- walk calendar years Y from the birth year; the person retires in the first Y where
-- birth month + age(Y) falls inside Y (equivalently: not after Y, as age(Y) never falls).
-- Earlier retirement for hazardous work lowers age(Y) by up to $max_early_years years.
WITH ages AS (
    SELECT
        s.person_id,
        year(s.birth_date) * 12 + month(s.birth_date) - 1 AS birth_idx,
        y.yr,
        (CASE WHEN y.yr < r.start_year THEN r.base_months
              ELSE least(r.start_months + r.step_months * (y.yr - r.start_year), r.cap_months) END
         - 12 * least(coalesce(s.early_retire_years, 0), $max_early_years))::INTEGER AS age_months
    FROM staff s
    JOIN p_retirement_age r ON r.sex = s.sex
    -- Every age in the tables minus the earliest retirement lies within 45–70 years.
    CROSS JOIN LATERAL range(year(s.birth_date) + 45, year(s.birth_date) + 71) AS y(yr)
    WHERE s.birth_date IS NOT NULL
)
SELECT person_id, arg_min(birth_idx + age_months, yr) AS retire_idx
FROM ages
WHERE (birth_idx + age_months) // 12 <= yr
GROUP BY person_id
