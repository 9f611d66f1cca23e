-- Decree 154/2025 (law.md §3 "Decree 154/2025", confidence M unless marked): every route the
-- decree pays, one row per person of payout_input and route, with its eligibility and, when
-- not eligible, a reason code. Coefficients are the $items of params/data/policy_decree154.toml.
-- S (s_current) is Art. 5's: grade salary + leadership + seniority-beyond-frame + professional
-- seniority + reserved difference ($s_parts; no 25 % public-service allowance). y, n: rounded
-- in payout_input as Decrees 29 and 178 do ($y_half, $n_half — unconfirmed for Decree 154).
--
-- Route → components (base × factor; payout_routes.sql rounds each once and files early
-- retirement under A1–A3, every other route under B1–B3):
--   early_retirement (Art. 6): 2–5 years left ($er_min_months..$er_max_months) and enough SI
--     years for a pension ($pension_si_new from $si_switch_date by pension start, else
--     $pension_si_old); no pension reduction.
--       A1 = 0 (no months-based lump sum, no 5–10-year bracket)
--       A2 = S × 5 × y                                      ($er_per_year)
--       A3 = S × (5 + 0.5 × (n − 20)) with n ≥ 20;  S × 5 with 15 ≤ n < 20
--     Under 2 years left ($under2_waiver, unconfirmed): the uncut pension only — eligible, no
--     amount (route note under2_pension_only).
--   quit (Art. 8(1)): only for people NOT eligible for early retirement under Art. 6
--     ($quit_requires_no_er → early_retirement_instead); no minimum of years left.
--       B1 = 0;  B2 = S × 1.5 × n ($quit_per_si_year);  B3 = S × 3 job search ($quit_job_search)
--   training (Art. 8(2)): under $training_max_age at the leave date (else over_45).
--       B1 = S × 6 course cost, paid to the school ($training_course_max: the cap "up to
--            6 × S" — the real cost is not an input, so the cap is shown; note)
--       B2 = S × 1 × n ($training_per_si_year);  B3 = S × 3 job search ($training_job_search)
--     Full S and employer contributions during the course are not included (the longest
--     course is unconfirmed; note training_pay_excluded).
--   transfer (Art. 7, to a body not paid from the regular budget): not for people at most
--     $transfer_excl_months months from retirement age who have the SI years for a pension
--     (near_retirement_with_pension). Staff kept in a unit that becomes self-financing or
--     equitised are also excluded by the decree; the staff list does not say who they are.
--       B1 = 0;  B2 = S × 0.5 × n ($transfer_per_si_year);  B3 = S × 3 ($transfer_lump)
--   commune_parttime (Art. 9, commune part-time workers leaving under the two-tier reform):
--     for people whose stated route is commune_parttime (or staff_type commune_parttime), else
--     not_commune_parttimer. P = their monthly allowance: only a salary given directly
--     (`streamline payout --allowance`, s_basis = 'given') — the staff list has no allowance
--     column and law.md does not make the salary P, so without it the amounts stay NULL
--     (allowance_missing). Service = SI months (law.md: part-timer time + SI-paid time
--     elsewhere; note service_from_si), in years rounded by Art. 5: a remainder of 1 to
--     $service_half_max_months months counts $service_short_remainder year, more counts 1.
--       B1 = P × 0.8 × service months          with service < $commune_long_service_months
--          = P × 0.8 × months to retirement age with service ≥ that and fewer than
--                                                $commune_far_months months left
--          = P × 0.8 × 60 ($commune_max_months) otherwise          ($commune_per_month)
--       B2 = P × 1.5 × years of service ($commune_per_service_year)
--       B3 = P × 3 job search ($commune_job_search)
--     At retirement age on the leave date: B3 = P × 15 once ($commune_at_age), B1 = B2 = 0.
--     (On a pension already: also 15 × P — the staff list does not say who is.)
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
        s_current AS s1, s_current AS s2, s_current AS s3,
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
            CASE WHEN new_si_rule THEN 'A:pension_si_new' ELSE 'A:pension_si_old' END,
            CASE WHEN months_early < $er_min_months THEN 'A:under2_waiver' END,
            'A2:er_per_year', 'A2:y_half_max_months', 'A3:n_half_max_months',
            CASE WHEN si_years >= $er_si_base_years THEN 'A3:er_si_base' ELSE 'A3:er_si_flat' END,
            CASE WHEN si_years >= $er_si_base_years THEN 'A3:er_si_per_year'
                 ELSE 'A3:er_si_flat_min_years' END,
            'A:pension_waiver'
        ) AS items
    FROM p
),
er_ok AS (
    SELECT person_id, reason_code IS NULL AS er_eligible, pension_only FROM er
),
quit AS (
    SELECT
        q.*,
        'quit' AS route_eval,
        CASE WHEN q.months_early <= 0 THEN 'past_retirement'
             WHEN $quit_requires_no_er AND e.er_eligible THEN 'early_retirement_instead'
             WHEN q.si_years IS NULL THEN 'si_unknown'
             -- Unknown time to retirement with the SI years for a pension: Art. 6 may apply.
             WHEN q.months_early IS NULL AND q.si_years >= q.pension_min THEN 'no_birth'
        END AS reason_code,
        false AS pension_only,
        q.s_current AS s1, q.s_current AS s2, q.s_current AS s3,
        0::DECIMAL(18, 4) AS f1,
        $quit_per_si_year::DECIMAL(18, 4) * q.si_years AS f2,
        $quit_job_search::DECIMAL(18, 4) AS f3,
        list_value(
            'S:s_parts', 'B:quit_requires_no_er',
            CASE WHEN e.er_eligible AND e.pension_only THEN 'B:under2_waiver' END,
            'B2:quit_per_si_year', 'B2:n_half_max_months', 'B3:quit_job_search'
        ) AS items
    FROM p q
    JOIN er_ok e USING (person_id)
),
training AS (
    SELECT
        *,
        'training' AS route_eval,
        CASE WHEN birth_date IS NULL THEN 'no_birth'
             WHEN leave_date >= birth_date + to_years($training_max_age::INTEGER) THEN 'over_45'
             WHEN si_years IS NULL THEN 'si_unknown'
        END AS reason_code,
        false AS pension_only,
        s_current AS s1, s_current AS s2, s_current AS s3,
        $training_course_max::DECIMAL(18, 4) AS f1,
        $training_per_si_year::DECIMAL(18, 4) * si_years AS f2,
        $training_job_search::DECIMAL(18, 4) AS f3,
        list_value(
            'S:s_parts', 'B:training_max_age', 'B1:training_course_max',
            'B2:training_per_si_year', 'B2:n_half_max_months', 'B3:training_job_search'
        ) AS items
    FROM p
),
transfer AS (
    SELECT
        *,
        'transfer' AS route_eval,
        CASE WHEN months_early <= 0 THEN 'past_retirement'
             WHEN si_years IS NULL THEN 'si_unknown'
             WHEN months_early <= $transfer_excl_months AND si_years >= pension_min
                 THEN 'near_retirement_with_pension'
             WHEN months_early IS NULL AND si_years >= pension_min THEN 'no_birth'
        END AS reason_code,
        false AS pension_only,
        s_current AS s1, s_current AS s2, s_current AS s3,
        0::DECIMAL(18, 4) AS f1,
        $transfer_per_si_year::DECIMAL(18, 4) * si_years AS f2,
        $transfer_lump::DECIMAL(18, 4) AS f3,
        list_value(
            'S:s_parts', 'B:transfer_excl_months', 'B:si_switch_date',
            CASE WHEN new_si_rule THEN 'B:pension_si_new' ELSE 'B:pension_si_old' END,
            'B2:transfer_per_si_year', 'B2:n_half_max_months', 'B3:transfer_lump'
        ) AS items
    FROM p
),
commune_in AS (
    SELECT
        *,
        coalesce(route = 'commune_parttime' OR staff_type = 'commune_parttime', false)
            AS is_commune,
        CASE WHEN s_basis = 'given' THEN s_current END AS allowance,
        si_months AS service_months,
        CASE WHEN si_months >= 0 THEN
            (si_months // 12)::DECIMAL(8, 1)
            + CASE WHEN si_months % 12 = 0 THEN 0
                   WHEN si_months % 12 <= $service_half_max_months
                       THEN $service_short_remainder::DECIMAL(8, 1)
                   ELSE 1 END
        END::DECIMAL(8, 1) AS service_years,
        coalesce(months_early <= 0, false) AS at_age
    FROM p
),
commune_checked AS (
    SELECT
        *,
        CASE WHEN NOT is_commune THEN 'not_commune_parttimer'
             WHEN months_early IS NULL THEN 'no_birth'
             WHEN NOT at_age AND service_months IS NULL THEN 'si_unknown'
             WHEN allowance IS NULL THEN 'allowance_missing'
        END AS reason_code
    FROM commune_in
),
commune AS (
    SELECT
        * EXCLUDE (is_commune, allowance, service_months, service_years, at_age),
        'commune_parttime' AS route_eval,
        false AS pension_only,
        -- P as given: NULL when unknown (payout_routes keeps the amounts NULL then, not 0;
        -- for people who are not commune part-timers the route is closed anyway).
        allowance::BIGINT AS s1,
        allowance::BIGINT AS s2,
        allowance::BIGINT AS s3,
        CASE WHEN at_age THEN 0
             WHEN service_months < $commune_long_service_months
                 THEN $commune_per_month::DECIMAL(18, 4) * service_months
             WHEN months_early < $commune_far_months
                 THEN $commune_per_month::DECIMAL(18, 4) * months_early
             ELSE $commune_per_month::DECIMAL(18, 4) * $commune_max_months
        END::DECIMAL(18, 4) AS f1,
        CASE WHEN at_age THEN 0
             ELSE $commune_per_service_year::DECIMAL(18, 4) * service_years
        END::DECIMAL(18, 4) AS f2,
        CASE WHEN at_age THEN $commune_at_age ELSE $commune_job_search END::DECIMAL(18, 4)
            AS f3,
        list_value(
            CASE WHEN NOT at_age THEN 'B1:commune_per_month' END,
            CASE WHEN NOT at_age THEN 'B1:commune_long_service_months' END,
            CASE WHEN NOT at_age AND service_months >= $commune_long_service_months
                 THEN 'B1:commune_far_months' END,
            CASE WHEN NOT at_age AND service_months >= $commune_long_service_months
                      AND months_early >= $commune_far_months
                 THEN 'B1:commune_max_months' END,
            CASE WHEN NOT at_age THEN 'B2:commune_per_service_year' END,
            CASE WHEN NOT at_age THEN 'B2:service_half_max_months' END,
            CASE WHEN NOT at_age THEN 'B2:service_short_remainder' END,
            CASE WHEN at_age THEN 'B3:commune_at_age' ELSE 'B3:commune_job_search' END
        ) AS items,
        list_filter(list_value(
            CASE WHEN is_commune AND NOT at_age THEN 'service_from_si' END,
            CASE WHEN is_commune AND allowance IS NOT NULL THEN 'allowance_given' END
        ), lambda x: x IS NOT NULL)::VARCHAR[] AS route_notes
    FROM commune_checked
),
-- Every allowance paid under Decree 154 is refunded if the person is re-elected or recruited
-- again into a state-paid post within the pack's refund_window_months (Art. 3(6)): said per row.
routes AS (
    SELECT *, reason_code IS NULL AS eligible,
           CASE WHEN reason_code IS NULL AND pension_only THEN ['under2_pension_only'] ELSE [] END
               ::VARCHAR[] AS route_notes
    FROM er
    UNION ALL BY NAME
    SELECT *, reason_code IS NULL AS eligible, []::VARCHAR[] AS route_notes
    FROM quit
    UNION ALL BY NAME
    SELECT *, reason_code IS NULL AS eligible,
           ['training_cost_at_cap', 'training_pay_excluded']::VARCHAR[] AS route_notes
    FROM training
    UNION ALL BY NAME
    SELECT *, reason_code IS NULL AS eligible, []::VARCHAR[] AS route_notes
    FROM transfer
    UNION ALL BY NAME
    SELECT *, reason_code IS NULL AS eligible
    FROM commune
),
factors AS (
    SELECT * REPLACE (
        CASE WHEN eligible THEN list_append(route_notes, 'refund_if_rehired') ELSE route_notes END
            AS route_notes)
    FROM routes
)
-- Only what payout_routes.sql reads: the person's other columns stay in payout_input, so this
-- table (two or more rows a person) is not a wide copy of it.
SELECT person_id, route, route_eval, eligible, reason_code, s1, s2, s3, f1, f2, f3,
       route_notes, items
FROM factors
