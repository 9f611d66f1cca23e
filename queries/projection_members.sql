-- Everyone the projection pays, in one shape: each person under each scenario, and each
-- newcomer ramp (projection_newcomers.sql: arrivals from from_idx up to arrive_until, w0 each
-- month; its coef_idx and last_idx are those of the first month's arrivals). The salary scale (step increment, last step,
-- months between steps: law.md §1, 36 for A0–A3 and 24 for B and C) and the seniority-beyond-
-- the-frame rule (5 % after 36 / 24 months at the last step, +1 point each further 12 months)
-- are the scenario's rows in force on its first day. Step increases need the scenario's
-- step_increases, a known step, coefficient date and scale (can_rise); a TNVK % already given
-- rises with the coefficient date alone (rises). Without them a person keeps their step.
WITH sc AS (
    SELECT *, make_date((start_idx // 12)::BIGINT, (start_idx % 12 + 1)::BIGINT, 1) AS start_on
    FROM pj_scenario
),
-- The unit and allowance keys (projection_units.sql, projection_sigs.sql), joined on one
-- struct value each (its fields compare NULL to NULL as equal): far cheaper than a join on
-- eight nullable columns.
unit_keys AS (
    SELECT {'agency': agency, 'unit': unit} AS unit_struct, unit_key FROM projection_units
),
sig_keys AS (
    SELECT {'staff_type': staff_type, 'lead_coef': lead_coef, 'region_coef': region_coef,
            'resp_coef': resp_coef, 'pref_pct': pref_pct,
            'prof_seniority_pct': prof_seniority_pct, 'party_pct': party_pct,
            'reserved_coef': reserved_coef} AS sig_struct, sig
    FROM projection_sigs
),
people_structs AS (
    SELECT p.person_id, {'agency': p.agency, 'unit': p.unit} AS unit_struct,
           {'staff_type': p.staff_type, 'lead_coef': p.lead_coef::DECIMAL(18, 6),
            'region_coef': p.region_coef::DECIMAL(18, 6), 'resp_coef': p.resp_coef::DECIMAL(18, 6),
            'pref_pct': p.pref_pct::DECIMAL(18, 6),
            'prof_seniority_pct': p.prof_seniority_pct::DECIMAL(18, 6),
            'party_pct': p.party_pct::DECIMAL(18, 6),
            'reserved_coef': p.reserved_coef::DECIMAL(18, 6)} AS sig_struct
    FROM people p
),
newcomer_structs AS (
    SELECT n.*, {'agency': n.agency, 'unit': n.unit} AS unit_struct,
           {'staff_type': n.staff_type, 'lead_coef': NULL::DECIMAL(18, 6),
            'region_coef': n.region_coef::DECIMAL(18, 6), 'resp_coef': NULL::DECIMAL(18, 6),
            'pref_pct': NULL::DECIMAL(18, 6), 'prof_seniority_pct': NULL::DECIMAL(18, 6),
            'party_pct': NULL::DECIMAL(18, 6), 'reserved_coef': NULL::DECIMAL(18, 6)}
               AS sig_struct
    FROM projection_newcomers n
),
people_keys AS (
    SELECT ps.person_id, uk.unit_key, sk.sig
    FROM people_structs ps
    JOIN unit_keys uk USING (unit_struct)
    JOIN sig_keys sk USING (sig_struct)
),
persons AS (
    SELECT
        pp.scenario_id, 'person' AS member_kind, k.unit_key, k.sig, pp.staff_type,
        p.scale, p.salary_type, p.grade_code, p.position,
        sc.start_idx AS from_idx, pp.stop_idx, NULL::BIGINT AS arrive_until, 1 AS w0,
        pp.attr_rate, pp.attr_months,
        p.coef AS coef0, p.step AS step0,
        year(p.coef_date) * 12 + month(p.coef_date) - 1 AS coef_idx,
        p.tnvk_pct AS tnvk0
    FROM projection_people pp
    JOIN people p USING (person_id)
    JOIN people_keys k USING (person_id)
    JOIN sc USING (scenario_id)
),
newcomers AS (
    SELECT
        n.scenario_id, 'newcomer' AS member_kind, uk.unit_key, sk.sig, n.staff_type,
        n.scale, n.salary_type, n.grade_code, NULL::VARCHAR AS position,
        n.arrive_idx AS from_idx, NULL::BIGINT AS stop_idx, n.until_idx AS arrive_until,
        n.weight AS w0,
        NULL::DECIMAL(18, 6) AS attr_rate, NULL::BIGINT AS attr_months,
        st.first AS coef0, 1 AS step0, n.arrive_idx AS coef_idx,
        NULL::DECIMAL(18, 6) AS tnvk0
    FROM newcomer_structs n
    JOIN unit_keys uk USING (unit_struct)
    JOIN sig_keys sk USING (sig_struct)
    JOIN sc USING (scenario_id)
    LEFT JOIN pj_salary_scale st
        ON st.scenario_id = n.scenario_id AND st.scale = n.scale
       AND st.salary_type = n.salary_type AND sc.start_on BETWEEN st.valid_from AND st.valid_to
),
members AS (
    SELECT * FROM persons UNION ALL BY NAME SELECT * FROM newcomers
)
SELECT
    m.scenario_id, m.member_kind, m.staff_type, m.unit_key, m.sig,
    m.grade_code, m.position,
    m.from_idx, coalesce(m.stop_idx, sc.end_idx + 1) AS stop_idx, m.arrive_until, sc.start_idx,
    -- A TNVK % in the workbook is the one of the as-of date; a newcomer's counts from arrival.
    CASE WHEN m.member_kind = 'person' THEN sc.as_of_idx ELSE m.from_idx END AS known_idx,
    -- Weights in integer units of 1 / $weight_scale, so weighted sums stay exact integers.
    round(m.w0 * $weight_scale)::BIGINT AS w0,
    round(m.attr_rate * $weight_scale)::BIGINT AS attr_units, m.attr_months,
    m.coef0, m.step0, m.coef_idx,
    sc.step_increases AND m.coef_idx IS NOT NULL AS rises,
    sc.step_increases AND m.coef_idx IS NOT NULL AND m.step0 IS NOT NULL
        AND st.steps IS NOT NULL AS can_rise,
    st.steps, st.step_months, st.increment,
    -- The month the last step begins (coef month + the steps still to climb × months).
    m.coef_idx + greatest(st.steps - m.step0, 0) * st.step_months AS last_idx,
    f.first_pct AS frame_first, f.after_months AS frame_after, f.yearly_pct AS frame_yearly,
    m.tnvk0
FROM members m
JOIN sc USING (scenario_id)
LEFT JOIN pj_salary_scale st
    ON st.scenario_id = m.scenario_id AND st.scale = m.scale AND st.salary_type = m.salary_type
   AND sc.start_on BETWEEN st.valid_from AND st.valid_to
LEFT JOIN pj_seniority_beyond_frame f
    ON f.scenario_id = m.scenario_id AND sc.start_on BETWEEN f.valid_from AND f.valid_to
   AND f.salary_group = CASE WHEN m.salary_type LIKE 'A%' THEN 'A'
                             WHEN m.salary_type IN ('B', 'C1', 'C2', 'C3', 'NV') THEN 'B_C' END
WHERE m.from_idx < coalesce(m.stop_idx, sc.end_idx + 1)
