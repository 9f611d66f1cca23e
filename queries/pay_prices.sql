-- Monthly salary by component (law.md §1) for every combination of pay inputs
-- (pay_inputs.sql) on every pricing date of pay_dates.sql, with the rules in force on that date
-- (p_series: base salary, public-service allowance, bonus fund, insurance cap;
-- p_employer_contribution): a few hundred combinations × a few dates, whatever the number of
-- people. pay.sql gives each person the row of their combination and date. One formula for
-- every scenario and for the leave dates, so a base-salary rise is one more date, never a
-- recomputation.
-- Money: exact DECIMAL arithmetic, each component rounded half-up to whole đồng ONCE here;
-- every later sum adds these integers.
-- Unknown is never 0: a combination without a coefficient has every component NULL (the pay of
-- its people is not computed, and the totals say how many such people they leave out); a blank
-- allowance cell of a priced person is no allowance.
WITH combos AS (
    SELECT inputs, row_number() OVER () AS combo
    FROM (SELECT DISTINCT inputs FROM pay_inputs)
),
priced AS (
    -- Each pricing date × combination, with the rules in force on that date.
    SELECT
        d.on_date, c.combo, c.inputs, c.inputs.staff_type AS staff_type, c.inputs.coef AS coef,
        c.inputs.lead_coef AS lead_coef, c.inputs.tnvk_pct AS tnvk_pct,
        c.inputs.region_coef AS region_coef, c.inputs.resp_coef AS resp_coef,
        c.inputs.pref_pct AS pref_pct, c.inputs.prof_seniority_pct AS prof_seniority_pct,
        c.inputs.party_pct AS party_pct, c.inputs.reserved_coef AS reserved_coef,
        r.base_salary AS base,
        r.public_service_allowance_pct AS ps_pct,
        string_split(r.public_service_allowance_staff_types, ',') AS ps_types,
        r.bonus_fund_pct AS bonus_pct,
        r.insurance_base_cap_multiple AS cap_mult
    FROM (SELECT DISTINCT on_date FROM pay_dates) d
    CROSS JOIN combos c
    JOIN p_series r ON d.on_date BETWEEN r.valid_from AND r.valid_to
),
exact AS (
    SELECT
        *,
        -- The base salary for a person who can be priced (coefficient known), else NULL.
        CASE WHEN coef IS NOT NULL THEN base END AS priced_base,
        coef * base AS x_salary,
        coalesce(lead_coef, 0) * priced_base AS x_leadership,
        coalesce(tnvk_pct, 0) * 0.01 * coef * base AS x_seniority
    FROM priced
),
components AS (
    SELECT
        *,
        round(x_salary)::BIGINT AS salary,
        round(x_leadership)::BIGINT AS leadership,
        round(x_seniority)::BIGINT AS seniority,
        round(coalesce(region_coef, 0) * priced_base)::BIGINT AS regional,
        round(coalesce(resp_coef, 0) * priced_base)::BIGINT AS responsibility,
        round(CASE WHEN priced_base IS NULL THEN NULL
                   WHEN list_contains(ps_types, staff_type)
                   THEN ps_pct * (x_salary + x_leadership + x_seniority) ELSE 0 END)::BIGINT
            AS public_service,
        round(coalesce(pref_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS profession_pref,
        round(coalesce(prof_seniority_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS prof_seniority,
        round(coalesce(party_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS party_union,
        round(coalesce(reserved_coef, 0) * priced_base)::BIGINT AS reserved,
        round(bonus_pct * 12 * x_salary)::BIGINT AS bonus_yearly
    FROM exact
),
totals AS (
    SELECT
        c.*,
        c.salary + c.leadership + c.seniority + c.regional + c.responsibility + c.public_service
            + c.profession_pref + c.prof_seniority + c.party_union + c.reserved AS monthly_salary,
        -- least() skips a NULL: an unpriced person's base stays NULL, not the cap.
        CASE WHEN c.salary IS NOT NULL
             THEN least(c.salary + c.leadership + c.seniority + c.prof_seniority + c.reserved,
                        c.cap_mult * c.base) END::BIGINT AS insurance_base,
        coalesce(e.social + e.health + e.unemployment, 0) AS contrib_rate
    FROM components c
    LEFT JOIN p_employer_contribution e
        ON e.staff_type = c.staff_type AND c.on_date BETWEEN e.valid_from AND e.valid_to
)
SELECT
    on_date, combo, inputs, staff_type, base::BIGINT AS base_salary,
    salary, leadership, seniority, regional, responsibility, public_service,
    profession_pref, prof_seniority, party_union, reserved,
    monthly_salary::BIGINT AS monthly_salary, insurance_base,
    round(contrib_rate * insurance_base)::BIGINT AS employer_contrib, bonus_yearly
FROM totals
