-- Per person: salary type and scale check, monthly salary by component (law.md §1),
-- employer contributions, retirement month (from the retirement table), scope flags.
-- Money: exact DECIMAL arithmetic, each component rounded half-up to whole đồng ONCE here;
-- every later sum adds these integers. Run once per base salary ($base).
WITH unit_info AS (
    SELECT unit, any_value(funding) AS funding
    FROM units WHERE unit IS NOT NULL GROUP BY unit
),
graded AS (
    SELECT
        s.*,
        u.funding,
        g.salary_type,
        -- Public employees on a civil-servant grade use the public-employee table (Table 3).
        CASE WHEN s.staff_type = 'public_employee' AND g.scale = 'civil_servant'
             THEN 'public_employee' ELSE g.scale END AS scale
    FROM staff s
    LEFT JOIN unit_info u ON u.unit = s.unit
    LEFT JOIN p_grade_code g ON g.grade_code = s.grade_code
),
scaled AS (
    SELECT
        gr.*,
        sc.rank AS grade_rank,
        sc.steps AS scale_steps,
        CASE WHEN gr.step BETWEEN 1 AND sc.steps
             THEN sc.first + (gr.step - 1) * sc.increment END AS scale_coef
    FROM graded gr
    LEFT JOIN p_salary_scale sc ON sc.scale = gr.scale AND sc.salary_type = gr.salary_type
),
exact AS (
    SELECT
        *,
        coalesce(coef, 0) * $base AS x_salary,
        coalesce(lead_coef, 0) * $base AS x_leadership,
        coalesce(tnvk_pct, 0) * 0.01 * coalesce(coef, 0) * $base AS x_seniority
    FROM scaled
),
components AS (
    SELECT
        *,
        round(x_salary)::BIGINT AS salary,
        round(x_leadership)::BIGINT AS leadership,
        round(x_seniority)::BIGINT AS seniority,
        round(coalesce(region_coef, 0) * $base)::BIGINT AS regional,
        round(coalesce(resp_coef, 0) * $base)::BIGINT AS responsibility,
        round(CASE WHEN list_contains($ps_types, staff_type)
                   THEN $ps_pct * (x_salary + x_leadership + x_seniority) ELSE 0 END)::BIGINT
            AS public_service,
        round(coalesce(pref_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS profession_pref,
        round(coalesce(prof_seniority_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS prof_seniority,
        round(coalesce(party_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS party_union,
        round(coalesce(reserved_coef, 0) * $base)::BIGINT AS reserved,
        round($bonus_pct * 12 * x_salary)::BIGINT AS bonus_yearly
    FROM exact
),
final AS (
    SELECT
        c.*,
        c.salary + c.leadership + c.seniority + c.regional + c.responsibility + c.public_service
            + c.profession_pref + c.prof_seniority + c.party_union + c.reserved AS monthly_salary,
        least(c.salary + c.leadership + c.seniority + c.prof_seniority + c.reserved,
              $cap_mult * $base)::BIGINT AS insurance_base,
        coalesce(e.social + e.health + e.unemployment, 0) AS contrib_rate,
        r.retire_idx,
        year($as_of::DATE) * 12 + month($as_of::DATE) - 1 AS as_of_idx,
        year($horizon::DATE) * 12 + month($horizon::DATE) - 1 AS horizon_idx
    FROM components c
    LEFT JOIN p_employer_contribution e ON e.staff_type = c.staff_type
    LEFT JOIN retirement r USING (person_id)
)
SELECT
    person_id, employee_id, full_name, unit, position, title, staff_type, sex, birth_date,
    birth_precision, grade_code, grade_name, salary_type, scale, grade_rank, step, coef,
    scale_coef,
    (coef IS NOT NULL AND scale_coef IS NOT NULL AND coef <> scale_coef)
        OR (step IS NOT NULL AND scale_steps IS NOT NULL AND step > scale_steps) AS off_scale,
    lead_coef, tnvk_pct, region_coef, resp_coef, prof_seniority_pct, pref_pct, party_pct,
    reserved_coef,
    salary, leadership, seniority, regional, responsibility, public_service, profession_pref,
    prof_seniority, party_union, reserved, monthly_salary, insurance_base,
    round(contrib_rate * insurance_base)::BIGINT AS employer_contrib,
    bonus_yearly,
    CASE WHEN birth_date IS NOT NULL THEN
        year($as_of::DATE) - year(birth_date)
        - CASE WHEN strftime($as_of::DATE, '%m%d') < strftime(birth_date, '%m%d') THEN 1 ELSE 0 END
    END::INTEGER AS age,
    CASE WHEN retire_idx IS NOT NULL
         THEN printf('%04d-%02d', retire_idx // 12, retire_idx % 12 + 1) END AS retirement_month,
    CASE WHEN retire_idx IS NOT NULL
         THEN make_date(((retire_idx + 1) // 12)::BIGINT, ((retire_idx + 1) % 12 + 1)::BIGINT, 1)
    END AS pension_start,
    (retire_idx - as_of_idx)::INTEGER AS months_to_retirement,
    coalesce(retire_idx < as_of_idx, false) AS past_retirement,
    coalesce(retire_idx <= horizon_idx, false) AS retiring_by_horizon,
    list_contains($scope_types, staff_type) AND coalesce(funding, 'state') <> 'self' AS in_scope,
    coalesce(funding, 'state') AS funding,
    early_retire_years,
    route, leave_date, reorg_date, first12, si_years, si_months, si_start, avg_salary_60m,
    sick_days, training_met, volunteer, pregnant, maternity, child_under_36m, discipline,
    surplus, eval_score, rating_1, rating_2, rating_3, education, join_date, coef_date, notes,
    source_file, source_sheet, source_row
FROM final
ORDER BY person_id
