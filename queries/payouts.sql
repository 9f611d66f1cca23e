-- One line per person in payout_choice: S with its breakdown, months/years early, SI years,
-- each component (A1–A3 early retirement, B1–B3 quitting; what each means per regime is in
-- queries/payout_<regime>.sql), total, annual saving, payback, eligibility and its reason,
-- notes (stated defaults) and the unconfirmed rules each amount touches ("A2:a2_gt5").
-- A payout whose route is closed only for want of an input (birth date or sex, SI years, the
-- allowance P) is unknown: every amount NULL, the reason code naming what is missing — never
-- a 0 that would read as "no payout".
-- An open route whose salary S cannot be priced (no coefficient) is unknown the same way
-- (`salary_unknown`).
WITH reasoned AS (
    -- The chosen routes only: a national payout_routes holds 4.9 M rows for 35,000 choices.
    SELECT
        r.* REPLACE (CASE WHEN r.reason_code IS NULL AND i.s_current IS NULL
                          THEN 'salary_unknown' ELSE r.reason_code END AS reason_code)
    FROM payout_choice c
    JOIN payout_routes r ON r.person_id = c.person_id AND r.route = c.route
    JOIN payout_input i ON i.person_id = r.person_id
),
routed AS (
    SELECT
        * REPLACE (input_missing OR coalesce(reason_code = 'salary_unknown', false)
                   AS input_missing)
    FROM reasoned
)
SELECT
    c.person_id, i.employee_id, i.full_name, i.agency, i.unit, i.position, i.staff_type,
    i.regime, c.route, c.route_source,
    i.s_salary, i.s_leadership, i.s_seniority, i.s_prof_seniority, i.s_profession_pref,
    i.s_responsibility, i.s_public_service, i.s_party_union, i.s_regional, i.s_reserved,
    i.s_excluded, i.s_current, i.s_basis, i.s_avg,
    i.leave_date, i.retirement_month, i.months_early, i.years_early,
    i.si_months, i.si_years, i.first12, i.first12_source,
    CASE WHEN NOT r.input_missing THEN r.a1 END AS a1,
    CASE WHEN NOT r.input_missing THEN r.a2 END AS a2,
    CASE WHEN NOT r.input_missing THEN r.a3 END AS a3,
    CASE WHEN NOT r.input_missing THEN r.b1 END AS b1,
    CASE WHEN NOT r.input_missing THEN r.b2 END AS b2,
    CASE WHEN NOT r.input_missing THEN r.b3 END AS b3,
    CASE WHEN NOT r.input_missing THEN r.total END AS total,
    r.pension_waiver,
    i.annual_saving,
    CASE WHEN r.total > 0 AND i.annual_saving > 0
         THEN round(r.total * 12 / i.annual_saving, 1)::DECIMAL(10, 1) END AS payback_months,
    r.eligible, r.reason_code,
    array_to_string(list_concat(i.notes, r.route_notes), ',') AS note_codes,
    array_to_string(
        list_filter(r.items, lambda x: list_contains($unconfirmed, split_part(x, ':', 2))),
        ', ') AS unconfirmed_codes
FROM payout_choice c
JOIN payout_input i USING (person_id)
JOIN routed r ON r.person_id = c.person_id AND r.route = c.route
ORDER BY i.agency, i.unit, c.person_id
