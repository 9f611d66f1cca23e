-- One row per person under the main scenario: the agency (the input file the person comes
-- from: same-named units of different files stay apart), salary type and scale check, the
-- monthly salary
-- by component (pay.sql, priced on the as-of date), retirement month and pension start
-- (retirement.sql), age, and the scope flags of the rules in force on the as-of date.
-- Scope (law.md §3 Targets: budget-paid payroll). The staff type is the one the contract makes
-- (pay_inputs.sql: a labour contract is `contract`, a commune part-timer `commune_parttime`).
-- Funding is the person's, else the unit's, else assumed state budget (`funding_source`: person,
-- unit, assumed). In scope = a staff type of the rules in force (in_scope_staff_types), not
-- self-funded (a unit or person that funds salaries itself is outside "paid from the state
-- budget"; a partly self-funded one is still partly budget-paid, so in), and a payroll contract
-- when the contract is known (payroll_contract_types). Unknown staff type, or one the importer
-- only guessed from the grade code: in_scope is NULL, never a guess either way (a known
-- self-funded unit or non-payroll contract is out whatever the type).
WITH sc AS (SELECT * FROM scenario WHERE is_main),
rules AS (
    SELECT k.*
    FROM sc JOIN p_series k ON sc.as_of BETWEEN k.valid_from AND k.valid_to
),
unit_info AS (
    SELECT agency, unit, any_value(funding) AS funding
    FROM units WHERE unit IS NOT NULL GROUP BY ALL
),
typed AS (
    -- The person's pay on the as-of date, joined once: its staff type replaces the input's.
    SELECT
        s.* REPLACE (pay.staff_type AS staff_type),
        pay.salary, pay.leadership, pay.seniority, pay.regional, pay.responsibility,
        pay.public_service, pay.profession_pref, pay.prof_seniority, pay.party_union,
        pay.reserved, pay.monthly_salary, pay.insurance_base, pay.employer_contrib,
        pay.bonus_yearly
    FROM staff s
    JOIN pay ON pay.person_id = s.person_id AND pay.basis = 'scenario'
    JOIN sc ON sc.scenario_id = pay.scenario_id
),
graded AS (
    SELECT
        -- A grade given by its code alone is named from the grade table (forms print it).
        s.* REPLACE (coalesce(s.funding, u.funding, 'state') AS funding,
                     coalesce(s.grade_name, g.grade_name) AS grade_name),
        CASE WHEN s.funding IS NOT NULL THEN 'person'
             WHEN u.funding IS NOT NULL THEN 'unit'
             ELSE 'assumed' END AS funding_source,
        g.salary_type,
        -- Public employees on a civil-servant grade use the public-employee table (Table 3).
        CASE WHEN s.staff_type = 'public_employee' AND g.scale = 'civil_servant'
             THEN 'public_employee' ELSE g.scale END AS scale
    FROM typed s
    CROSS JOIN sc
    LEFT JOIN unit_info u ON u.agency = s.source_file AND u.unit = s.unit
    LEFT JOIN p_grade_code g
        ON g.grade_code = s.grade_code AND sc.as_of BETWEEN g.valid_from AND g.valid_to
),
scaled AS (
    SELECT
        gr.*,
        st.rank AS grade_rank,
        st.steps AS scale_steps,
        CASE WHEN gr.step BETWEEN 1 AND st.steps
             THEN st.first + (gr.step - 1) * st.increment END AS scale_coef
    FROM graded gr
    CROSS JOIN sc
    LEFT JOIN p_salary_scale st
        ON st.scale = gr.scale AND st.salary_type = gr.salary_type
       AND sc.as_of BETWEEN st.valid_from AND st.valid_to
),
final AS (
    SELECT
        x.*,
        r.retire_idx,
        year(sc.as_of) * 12 + month(sc.as_of) - 1 AS as_of_idx,
        year(sc.horizon) * 12 + month(sc.horizon) - 1 AS horizon_idx,
        sc.as_of,
        string_split(rules.in_scope_staff_types, ',') AS scope_types,
        string_split(rules.payroll_contract_types, ',') AS payroll_contracts
    FROM scaled x
    CROSS JOIN sc
    CROSS JOIN rules
    LEFT JOIN retirement r ON r.person_id = x.person_id
)
SELECT
    person_id, employee_id, full_name, source_file AS agency, unit, unit_path, staff_group,
    position, title, staff_type, contract_type, sex, birth_date,
    birth_precision, grade_code, grade_name, salary_type, scale, grade_rank, step, coef,
    scale_coef,
    (coef IS NOT NULL AND scale_coef IS NOT NULL AND coef <> scale_coef)
        OR (step IS NOT NULL AND scale_steps IS NOT NULL AND step > scale_steps) AS off_scale,
    lead_coef, tnvk_pct, region_coef, resp_coef, prof_seniority_pct, pref_pct, party_pct,
    reserved_coef,
    salary, leadership, seniority, regional, responsibility, public_service, profession_pref,
    prof_seniority, party_union, reserved, monthly_salary, insurance_base, employer_contrib,
    bonus_yearly,
    CASE WHEN birth_date IS NOT NULL THEN
        year(as_of) - year(birth_date)
        - CASE WHEN strftime(as_of, '%m%d') < strftime(birth_date, '%m%d') THEN 1 ELSE 0 END
    END::INTEGER AS age,
    -- The month in which the retirement age is reached (its first day); the pension starts
    -- the month after (Decree 135/2020).
    CASE WHEN retire_idx IS NOT NULL
         THEN make_date((retire_idx // 12)::BIGINT, (retire_idx % 12 + 1)::BIGINT, 1)
    END AS retirement_month,
    CASE WHEN retire_idx IS NOT NULL
         THEN make_date(((retire_idx + 1) // 12)::BIGINT, ((retire_idx + 1) % 12 + 1)::BIGINT, 1)
    END AS pension_start,
    (retire_idx - as_of_idx)::INTEGER AS months_to_retirement,
    -- Unknown (NULL) without a birth date or sex: readers filter with IS NOT TRUE, so such
    -- a person stays in the lists that a retirement would take them out of.
    retire_idx < as_of_idx AS past_retirement,
    retire_idx <= horizon_idx AS retiring_by_horizon,
    CASE WHEN funding = 'self' AND funding_source <> 'assumed' THEN false
         WHEN contract_type IS NOT NULL AND NOT list_contains(payroll_contracts, contract_type)
         THEN false
         -- On the payroll quota (biên chế, HĐLV): in, whatever its exact staff type.
         WHEN contract_type IS NOT NULL THEN funding <> 'self'
         -- A staff type guessed from the grade code alone says nothing of the contract.
         WHEN staff_type IS NULL OR staff_type_source = 'grade_code' THEN NULL
         ELSE list_contains(scope_types, staff_type) AND funding <> 'self'
    END AS in_scope,
    funding,
    funding_source,
    early_retire_years,
    route, leave_date, reorg_date, first12, si_years, si_months, si_start, avg_salary_60m,
    sick_days, training_met, volunteer, pregnant, maternity, child_under_36m, discipline,
    surplus, eval_score, rating_1, rating_2, rating_3, education, join_date, coef_date, notes,
    source_file, source_sheet, source_row
FROM final
