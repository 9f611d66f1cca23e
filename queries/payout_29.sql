-- Decree 29/2023 (law.md §3), both routes for every person of payout_input. Coefficients are
-- the $items of params/data/policy_decree29.toml. Sbar = s_avg (the average monthly salary of
-- the last 60 months; S when not given — payout_input notes it).
--   Early retirement (from 2 to 5 years left, n ≥ 20), no pension reduction:
--     A1 = none (no months-based item)
--     A2 = Sbar × 3 × y
--     A3 = Sbar × (5 + 0.5 × (n − 20))
--   Quitting at once (≥ 2 years left, not eligible for early retirement):
--     B1 = none;  B2 = Sbar × 1.5 × n;  B3 = S (current) × 3 job search
-- Each component is its base (Sbar or S) × its factor; payout_routes.sql rounds it once and
-- splits the routes.
WITH er AS (
    SELECT
        *,
        'early_retirement' AS route_eval,
        CASE WHEN months_early IS NULL THEN 'no_birth'
             WHEN months_early <= 0 THEN 'past_retirement'
             WHEN months_early < $er_min_months THEN 'under_2_years'
             WHEN months_early > $er_max_months THEN 'too_far'
             WHEN si_years IS NULL THEN 'si_unknown'
             WHEN si_years < $er_min_si_years THEN 'si_short'
        END AS reason_code,
        0::DECIMAL(18, 4) AS f1,
        s_avg AS s1,
        $er_per_year::DECIMAL(18, 4) * years_early AS f2,
        s_avg AS s2,
        $er_si_base::DECIMAL(18, 4)
            + $er_si_per_year::DECIMAL(18, 4) * greatest(si_years - $er_si_base_years, 0) AS f3,
        s_avg AS s3,
        list_value('S:s_parts', 'A:er_min_months', 'A:er_max_months', 'A:er_min_si_years',
                   'A2:er_per_year', 'A2:y_half_max_months', 'A3:er_si_base',
                   'A3:er_si_per_year', 'A3:n_half_max_months', 'A:pension_waiver') AS items
    FROM payout_input
),
er_ok AS (
    SELECT person_id, reason_code IS NULL AS er_eligible FROM er
),
quit AS (
    SELECT
        q.*,
        'quit' AS route_eval,
        CASE WHEN q.months_early IS NULL THEN 'no_birth'
             WHEN q.months_early < $quit_min_months THEN 'under_2_years'
             WHEN $quit_requires_no_er AND e.er_eligible THEN 'early_retirement_instead'
             WHEN q.si_years IS NULL THEN 'si_unknown'
        END AS reason_code,
        0::DECIMAL(18, 4) AS f1,
        q.s_avg AS s1,
        $quit_per_si_year::DECIMAL(18, 4) * q.si_years AS f2,
        q.s_avg AS s2,
        $quit_job_search::DECIMAL(18, 4) AS f3,
        q.s_current AS s3,
        list_value('S:s_parts', 'B:quit_min_months', 'B:quit_requires_no_er',
                   'B2:quit_per_si_year', 'B2:n_half_max_months', 'B3:quit_job_search') AS items
    FROM payout_input q
    JOIN er_ok e USING (person_id)
),
factors AS (
    SELECT *, reason_code IS NULL AS eligible, false AS is_quit, []::VARCHAR[] AS route_notes
    FROM er
    UNION ALL BY NAME
    SELECT *, reason_code IS NULL AS eligible, true AS is_quit, []::VARCHAR[] AS route_notes
    FROM quit
)
-- Only what payout_routes.sql reads: the person's other columns stay in payout_input, so this
-- table (two or more rows a person) is not a wide copy of it.
SELECT person_id, route, route_eval, eligible, reason_code, s1, s2, s3, f1, f2, f3,
       route_notes, items
FROM factors
