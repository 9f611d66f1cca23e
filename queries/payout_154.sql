-- Decree 154/2025 (law.md §3, confidence M), both routes for every person of payout_input.
-- Coefficients are the $items of params/data/policy_decree154.toml; S excludes the 25 %
-- public-service allowance ($s_parts).
--   Early retirement (from 2 to 5 years left, enough SI years for a pension: 20 leaving
--   before $si_switch_date, 15 from it), no pension reduction:
--     A1 = none (no months-based lump sum, no 5–10 year bracket)
--     A2 = S × 5 × y
--     A3 = S × (5 + 0.5 × (n − 20)) with n ≥ 20;  S × 5 with 15 ≤ n < 20
--   Under 2 years left ($under2_waiver, unconfirmed): the uncut pension only — eligible,
--   no amount.
--   Quitting at once (≥ 2 years left): B1 = none; B2 = S × 1.5 × n; B3 = S × 3.
-- Each component is S × (its factor); payout_routes.sql rounds it once and splits the routes.
WITH p AS (
    SELECT
        *,
        CASE WHEN new_si_rule THEN $pension_si_new ELSE $pension_si_old END AS pension_min
    FROM payout_input
),
er AS (
    SELECT
        *,
        'early_retirement' AS route_eval,
        CASE WHEN months_early IS NULL THEN 'no_birth'
             WHEN months_early <= 0 THEN 'past_retirement'
             WHEN months_early < $er_min_months AND NOT $under2_waiver THEN 'under_2_years'
             WHEN months_early > $er_max_months THEN 'too_far'
             WHEN si_years IS NULL THEN 'si_unknown'
             WHEN si_years < pension_min THEN 'si_short'
        END AS reason_code,
        months_early < $er_min_months AS pension_only,
        0::DECIMAL(18, 4) AS f1,
        CASE WHEN months_early < $er_min_months THEN 0
             ELSE $er_per_year::DECIMAL(18, 4) * years_early END AS f2,
        CASE WHEN months_early < $er_min_months THEN 0
             WHEN si_years >= $er_si_base_years
                 THEN $er_si_base::DECIMAL(18, 4)
                      + $er_si_per_year::DECIMAL(18, 4) * (si_years - $er_si_base_years)
             WHEN si_years >= $er_si_flat_min_years THEN $er_si_flat::DECIMAL(18, 4)
             ELSE 0
        END AS f3,
        list_value(
            'S:s_parts', 'A:er_min_months', 'A:er_max_months', 'A:si_switch_date',
            CASE WHEN months_early < $er_min_months THEN 'A:under2_waiver' END,
            'A2:er_per_year', 'A2:y_half_max_months', 'A3:n_half_max_months',
            CASE WHEN si_years >= $er_si_base_years THEN 'A3:er_si_base' ELSE 'A3:er_si_flat' END,
            CASE WHEN si_years >= $er_si_base_years THEN 'A3:er_si_per_year' END,
            'A:pension_waiver'
        ) AS items
    FROM p
),
quit AS (
    SELECT
        *,
        'quit' AS route_eval,
        CASE WHEN months_early IS NULL THEN 'no_birth'
             WHEN months_early < $quit_min_months THEN 'under_2_years'
             WHEN si_years IS NULL THEN 'si_unknown'
        END AS reason_code,
        false AS pension_only,
        0::DECIMAL(18, 4) AS f1,
        $quit_per_si_year::DECIMAL(18, 4) * si_years AS f2,
        $quit_job_search::DECIMAL(18, 4) AS f3,
        list_value('S:s_parts', 'B:quit_min_months', 'B2:quit_per_si_year',
                   'B2:n_half_max_months', 'B3:quit_job_search') AS items
    FROM p
)
SELECT *, s_current AS s1, s_current AS s2, s_current AS s3,
       reason_code IS NULL AS eligible, false AS is_quit,
       CASE WHEN reason_code IS NULL AND pension_only THEN ['under2_pension_only'] ELSE [] END
           ::VARCHAR[] AS route_notes
FROM er
UNION ALL BY NAME
SELECT *, s_current AS s1, s_current AS s2, s_current AS s3,
       reason_code IS NULL AS eligible, true AS is_quit, []::VARCHAR[] AS route_notes
FROM quit
