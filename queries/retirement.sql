-- Retirement month index (year × 12 + month − 1) per person, Decree 135/2020 (law.md §2):
-- walk calendar years Y from the birth year; the person retires in the first Y where
-- birth month + age(Y) falls inside Y (equivalently: not after Y, as age(Y) never falls).
-- Earlier retirement for hazardous work lowers age(Y) by up to the years the rules in force on
-- the as-of date allow (early_retirement_max_years_hazardous); the age table is the one in force
-- on the as-of date. The walk is made once per distinct birth month, sex and early years (a
-- national list has a few thousand), then joined to the people.
WITH born AS (
    SELECT person_id, sex, coalesce(early_retire_years, 0) AS early,
           year(birth_date) * 12 + month(birth_date) - 1 AS birth_idx
    FROM staff
    WHERE birth_date IS NOT NULL
),
ages AS (
    SELECT
        b.birth_idx, b.sex, b.early, y.yr,
        (CASE WHEN y.yr < r.start_year THEN r.base_months
              ELSE least(r.start_months + r.step_months * (y.yr - r.start_year), r.cap_months) END
         - 12 * least(b.early, k.early_retirement_max_years_hazardous))::INTEGER AS age_months
    FROM (SELECT DISTINCT birth_idx, sex, early FROM born) b
    CROSS JOIN (SELECT as_of FROM scenario WHERE is_main) sc
    JOIN p_series k ON sc.as_of BETWEEN k.valid_from AND k.valid_to
    JOIN p_retirement_age r ON r.sex = b.sex AND sc.as_of BETWEEN r.valid_from AND r.valid_to
    -- Years to walk: from the youngest age the table allows (less the earliest retirement)
    -- to one year past the age cap.
    CROSS JOIN LATERAL range(
        b.birth_idx // 12 + least(r.base_months, r.start_months) // 12
            - k.early_retirement_max_years_hazardous - 1,
        b.birth_idx // 12 + r.cap_months // 12 + 2) AS y(yr)
),
retire AS (
    SELECT birth_idx, sex, early, arg_min(birth_idx + age_months, yr) AS retire_idx
    FROM ages
    WHERE (birth_idx + age_months) // 12 <= yr
    GROUP BY ALL
)
SELECT b.person_id, t.retire_idx
FROM born b
JOIN retire t USING (birth_idx, sex, early)
