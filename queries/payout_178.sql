-- Decree 178/2024 as amended by Decree 67/2025 (law.md §3), both routes for every person of
-- payout_input. Coefficients are the $items of params/data/policy_decree178.toml.
--   Early retirement (≤ $er_max_months months left; enough SI years for a pension when
--   $er_requires_pension_si):
--     A1 = S × m × (1.0 first 12 months | 0.5 later)      with m ≤ $a1_bracket_months (m ≤ 60)
--        = S × 60 × (0.9 first 12 months | 0.45 later)    with more than 5 to 10 years left
--     A2 = S × y × (5 with 2–5 years left | 4 with more than 5 to 10 | none under 2 years)
--     A3 = S × (5 + 0.5 × (n − 20))   pension starting before $si_switch_date with n ≥ 20
--        = S × (4 + 0.5 × (n − 15))   pension starting from $si_switch_date with n ≥ 15
--        none with less than 2 years left unless $a3_under2
--     (new_si_rule: the pension starts the first day of the month after the leave date —
--     payout_input.sql; law.md §3 "SI-law switch — judge it by the pension-start date")
--   Quitting (≥ $quit_min_months months left):
--     B1 = S × k × (0.8 first 12 months | 0.4 later), k = min(60, SI months)
--     B2 = S × 1.5 × n;  B3 = S × 3 (public employees: $b3_public_employee, unconfirmed)
-- Brackets use exact months (full 2 / 5 / 10 years); y and n are the rounded years.
-- Each component is S × (its factor); payout_routes.sql rounds it once and splits the routes.
WITH p AS (
    SELECT
        *,
        CASE WHEN new_si_rule THEN $a3_new_min_years ELSE $a3_old_min_years END AS pension_min
    FROM payout_input
),
er AS (
    SELECT
        *,
        'early_retirement' AS route_eval,
        CASE WHEN months_early IS NULL THEN 'no_birth'
             WHEN months_early <= 0 THEN 'past_retirement'
             WHEN months_early > $er_max_months THEN 'too_far'
             WHEN si_years IS NULL THEN 'si_unknown'
             WHEN $er_requires_pension_si AND si_years < pension_min THEN 'si_short'
        END AS reason_code,
        CASE WHEN months_early <= $a1_bracket_months
             THEN (CASE WHEN first12 THEN $a1_first12_le5 ELSE $a1_later_le5 END)::DECIMAL(18, 4)
                  * least(months_early, $a1_max_months)
             ELSE (CASE WHEN first12 THEN $a1_first12_gt5 ELSE $a1_later_gt5 END)::DECIMAL(18, 4)
                  * $a1_max_months
        END AS f1,
        CASE WHEN months_early < $a2_min_months THEN 0
             WHEN months_early <= $a1_bracket_months THEN $a2_le5::DECIMAL(18, 4) * years_early
             ELSE $a2_gt5::DECIMAL(18, 4) * years_early
        END AS f2,
        CASE WHEN months_early < $a2_min_months AND NOT $a3_under2 THEN 0
             WHEN new_si_rule AND si_years >= $a3_new_min_years
                 THEN $a3_new_base::DECIMAL(18, 4)
                      + $a3_new_per_year::DECIMAL(18, 4) * (si_years - $a3_new_min_years)
             WHEN NOT new_si_rule AND si_years >= $a3_old_min_years
                 THEN $a3_old_base::DECIMAL(18, 4)
                      + $a3_old_per_year::DECIMAL(18, 4) * (si_years - $a3_old_min_years)
             ELSE 0
        END AS f3,
        list_value(
            'S:s_parts', 'A:er_max_months', 'A:y_half_max_months', 'A3:n_half_max_months',
            CASE WHEN $er_requires_pension_si THEN 'A:er_requires_pension_si' END,
            CASE WHEN months_early <= $a1_bracket_months
                 THEN CASE WHEN first12 THEN 'A1:a1_first12_le5' ELSE 'A1:a1_later_le5' END
                 ELSE CASE WHEN first12 THEN 'A1:a1_first12_gt5' ELSE 'A1:a1_later_gt5' END END,
            CASE WHEN months_early < $a2_min_months THEN 'A2:a2_min_months'
                 WHEN months_early <= $a1_bracket_months THEN 'A2:a2_le5' ELSE 'A2:a2_gt5' END,
            CASE WHEN months_early < $a2_min_months THEN 'A3:a3_under2'
                 WHEN new_si_rule THEN 'A3:a3_new_base' ELSE 'A3:a3_old_base' END,
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
        (CASE WHEN first12 THEN $b1_first12 ELSE $b1_later END)::DECIMAL(18, 4)
            * least(si_months, $b1_max_months) AS f1,
        $b2_per_year::DECIMAL(18, 4) * si_years AS f2,
        (CASE WHEN staff_type = 'public_employee' THEN $b3_public_employee ELSE $b3_months END)
            ::DECIMAL(18, 4) AS f3,
        list_value(
            'S:s_parts', 'B:quit_min_months', 'B2:n_half_max_months',
            CASE WHEN first12 THEN 'B1:b1_first12' ELSE 'B1:b1_later' END,
            'B1:b1_max_months', 'B2:b2_per_year',
            CASE WHEN staff_type = 'public_employee' THEN 'B3:b3_public_employee'
                 ELSE 'B3:b3_months' END
        ) AS items
    FROM p
),
factors AS (
    SELECT *, s_current AS s1, s_current AS s2, s_current AS s3,
           reason_code IS NULL AS eligible, false AS is_quit, []::VARCHAR[] AS route_notes
    FROM er
    UNION ALL BY NAME
    SELECT *, s_current AS s1, s_current AS s2, s_current AS s3,
           reason_code IS NULL AS eligible, true AS is_quit, []::VARCHAR[] AS route_notes
    FROM quit
)
-- Only what payout_routes.sql reads: the person's other columns stay in payout_input, so this
-- table (two or more rows a person) is not a wide copy of it.
SELECT person_id, route, route_eval, eligible, reason_code, s1, s2, s3, f1, f2, f3,
       route_notes, items
FROM factors
