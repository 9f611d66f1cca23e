-- Monthly salary by component (law.md §1) for every row of pay_dates, with the rules in force
-- on that row's date (p_series: base salary, public-service allowance, bonus fund, insurance
-- cap; p_employer_contribution). One formula for every scenario and for the leave dates, so a
-- base-salary rise is one more row per person, never a recomputation.
-- Money: exact DECIMAL arithmetic, each component rounded half-up to whole đồng ONCE here;
-- every later sum adds these integers.
WITH priced AS (
    SELECT
        d.scenario_id, d.basis, d.person_id, d.on_date,
        s.staff_type, s.coef, s.lead_coef, s.tnvk_pct, s.region_coef, s.resp_coef, s.pref_pct,
        s.prof_seniority_pct, s.party_pct, s.reserved_coef,
        r.base_salary AS base,
        r.public_service_allowance_pct AS ps_pct,
        string_split(r.public_service_allowance_staff_types, ',') AS ps_types,
        r.bonus_fund_pct AS bonus_pct,
        r.insurance_base_cap_multiple AS cap_mult
    FROM pay_dates d
    JOIN staff s USING (person_id)
    JOIN p_series r ON d.on_date BETWEEN r.valid_from AND r.valid_to
),
exact AS (
    SELECT
        *,
        coalesce(coef, 0) * base AS x_salary,
        coalesce(lead_coef, 0) * base AS x_leadership,
        coalesce(tnvk_pct, 0) * 0.01 * coalesce(coef, 0) * base AS x_seniority
    FROM priced
),
components AS (
    SELECT
        *,
        round(x_salary)::BIGINT AS salary,
        round(x_leadership)::BIGINT AS leadership,
        round(x_seniority)::BIGINT AS seniority,
        round(coalesce(region_coef, 0) * base)::BIGINT AS regional,
        round(coalesce(resp_coef, 0) * base)::BIGINT AS responsibility,
        round(CASE WHEN list_contains(ps_types, staff_type)
                   THEN ps_pct * (x_salary + x_leadership + x_seniority) ELSE 0 END)::BIGINT
            AS public_service,
        round(coalesce(pref_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS profession_pref,
        round(coalesce(prof_seniority_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS prof_seniority,
        round(coalesce(party_pct, 0) * 0.01 * (x_salary + x_leadership + x_seniority))::BIGINT
            AS party_union,
        round(coalesce(reserved_coef, 0) * base)::BIGINT AS reserved,
        round(bonus_pct * 12 * x_salary)::BIGINT AS bonus_yearly
    FROM exact
),
totals AS (
    SELECT
        c.*,
        c.salary + c.leadership + c.seniority + c.regional + c.responsibility + c.public_service
            + c.profession_pref + c.prof_seniority + c.party_union + c.reserved AS monthly_salary,
        least(c.salary + c.leadership + c.seniority + c.prof_seniority + c.reserved,
              c.cap_mult * c.base)::BIGINT AS insurance_base,
        coalesce(e.social + e.health + e.unemployment, 0) AS contrib_rate
    FROM components c
    LEFT JOIN p_employer_contribution e
        ON e.staff_type = c.staff_type AND c.on_date BETWEEN e.valid_from AND e.valid_to
)
SELECT
    scenario_id, basis, person_id, on_date, base::BIGINT AS base_salary,
    salary, leadership, seniority, regional, responsibility, public_service, profession_pref,
    prof_seniority, party_union, reserved, monthly_salary::BIGINT AS monthly_salary,
    insurance_base, round(contrib_rate * insurance_base)::BIGINT AS employer_contrib,
    bonus_yearly
FROM totals
