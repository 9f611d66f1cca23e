-- Retirement month index (year × 12 + month − 1) per person, Decree 135/2020 (law.md §2):
-- walk calendar years Y from the birth year; the person retires in the first Y where
-- birth month + age(Y) falls inside Y (equivalently: not after Y, as age(Y) never falls).
-- Earlier retirement for hazardous work lowers age(Y) by up to the years the rules in force on
-- the as-of date allow (early_retirement_max_years_hazardous); the age table is the one in force
-- on the as-of date.
WITH ages AS (
    SELECT
        s.person_id,
        year(s.birth_date) * 12 + month(s.birth_date) - 1 AS birth_idx,
        y.yr,
        (CASE WHEN y.yr < r.start_year THEN r.base_months
              ELSE least(r.start_months + r.step_months * (y.yr - r.start_year), r.cap_months) END
         - 12 * least(coalesce(s.early_retire_years, 0), k.early_retirement_max_years_hazardous))
         ::INTEGER AS age_months
    FROM staff s
    CROSS JOIN (SELECT as_of FROM scenario WHERE is_main) sc
    JOIN p_series k ON sc.as_of BETWEEN k.valid_from AND k.valid_to
    JOIN p_retirement_age r ON r.sex = s.sex AND sc.as_of BETWEEN r.valid_from AND r.valid_to
    -- Years to walk: from the youngest age the table allows (less the earliest retirement)
    -- to one year past the age cap.
    CROSS JOIN LATERAL range(
        year(s.birth_date) + least(r.base_months, r.start_months) // 12
            - k.early_retirement_max_years_hazardous - 1,
        year(s.birth_date) + r.cap_months // 12 + 2) AS y(yr)
    WHERE s.birth_date IS NOT NULL
)
SELECT person_id, arg_min(birth_idx + age_months, yr) AS retire_idx
FROM ages
WHERE (birth_idx + age_months) // 12 <= yr
GROUP BY person_id
