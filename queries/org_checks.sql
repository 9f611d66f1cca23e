-- Organisational checks (law.md §4): minimum payroll per unit kind, maximum deputies,
-- professional share of public employees, grade-ratio cap. One row per check made.
-- Payroll = cadres and civil servants in scope; a unit's payroll includes its direct sub-units.
-- A unit is identified by its agency (input file) and name: same-named units of different files
-- are checked apart; the department-wide grade cap is checked per agency.
-- Every rule is the one in force on the main scenario's as-of date, for the unit's own kind:
-- a commune division (commune_division) has its own deputy rule and no minimum payroll, never
-- the rules of a phòng thuộc sở (division).
WITH sc AS (SELECT as_of FROM scenario WHERE is_main),
rules AS (
    SELECT k.org_professional_share_min, k.deputy_title_prefixes, src.source, src.confirmed
    FROM sc
    JOIN p_series k ON sc.as_of BETWEEN k.valid_from AND k.valid_to
    LEFT JOIN p_series_source src ON src.name = 'org_professional_share_min'
         AND sc.as_of BETWEEN src.valid_from AND src.valid_to
),
kinds AS (
    SELECT agency, unit, any_value(unit_kind) AS unit_kind,
           any_value(parent) AS parent
    FROM units WHERE unit IS NOT NULL GROUP BY agency, unit
),
own AS (
    SELECT agency, unit,
           count(*) FILTER (WHERE in_scope AND staff_type IN ('cadre', 'civil_servant')) AS payroll,
           count(*) FILTER (WHERE list_has_any(
               string_split(r.deputy_title_prefixes, ','),
               [split_part(lower(strip_accents(coalesce(title, ''))), ' ', 1)])) AS deputies
    FROM people CROSS JOIN rules r GROUP BY agency, unit
),
sized AS (
    -- A unit of the units sheet with nobody in the staff list has a payroll of 0, truly.
    SELECT k.agency, k.unit, k.unit_kind,
           coalesce(o.payroll, 0) + coalesce((
               SELECT sum(c.payroll) FROM own c
               JOIN kinds ck ON ck.agency = c.agency AND ck.unit = c.unit
               WHERE ck.agency = k.agency AND ck.parent = k.unit), 0) AS payroll,
           coalesce(o.deputies, 0) AS deputies,
           (SELECT count(*) FROM kinds d WHERE d.agency = k.agency AND d.parent = k.unit)
               AS divisions
    FROM kinds k LEFT JOIN own o ON o.agency = k.agency AND o.unit = k.unit
),
min_staff AS (
    SELECT s.agency, s.unit, 'min_staff' AS check_code, s.payroll::DOUBLE AS actual,
           r.min_staff::DOUBLE AS limit_value, s.payroll >= r.min_staff AS ok,
           NULL::DATE AS due, r.source, r.confirmed
    FROM sized s CROSS JOIN sc
    JOIN p_org_min_staff r
        ON r.unit_kind = s.unit_kind AND sc.as_of BETWEEN r.valid_from AND r.valid_to
),
deputies AS (
    SELECT s.agency, s.unit, 'max_deputies', s.deputies::DOUBLE, r.max_deputies::DOUBLE,
           s.deputies <= r.max_deputies, NULL::DATE, r.source, r.confirmed
    FROM sized s CROSS JOIN sc
    JOIN p_org_max_deputies r ON r.unit_kind = s.unit_kind
     AND sc.as_of BETWEEN r.valid_from AND r.valid_to
     AND (CASE r.measure WHEN 'staff' THEN s.payroll ELSE s.divisions END)
         BETWEEN r.from_staff AND r.to_staff
),
categorised AS (
    SELECT p.agency, p.unit, pos.category
    FROM people p
    JOIN position_match m USING (person_id)
    LEFT JOIN position_list pos
        ON pos.agency = p.agency AND pos.position = m.pos_position
       AND pos.unit IS NOT DISTINCT FROM m.pos_unit
    WHERE p.staff_type = 'public_employee' AND p.in_scope
),
professional AS (
    SELECT agency, unit, 'professional_share',
           round(count(*) FILTER (WHERE category IN ('professional', 'shared')) / count(*), 4),
           any_value(r.org_professional_share_min)::DOUBLE,
           count(*) FILTER (WHERE category IN ('professional', 'shared')) / count(*)
               >= any_value(r.org_professional_share_min),
           NULL::DATE, any_value(r.source), any_value(r.confirmed)
    FROM categorised CROSS JOIN rules r
    WHERE r.org_professional_share_min IS NOT NULL
    GROUP BY agency, unit HAVING count(category) > 0
),
grade_cap AS (
    SELECT p.agency, NULL::VARCHAR AS unit, 'grade_cap',
           round(count(*) FILTER (
               WHERE list_contains(string_split(c.salary_types, ','), p.salary_type)) / count(*), 4),
           c.max_share::DOUBLE,
           count(*) FILTER (
               WHERE list_contains(string_split(c.salary_types, ','), p.salary_type)) / count(*)
               <= c.max_share,
           c.due, c.source, c.confirmed
    FROM people p CROSS JOIN sc
    JOIN p_org_grade_cap c ON sc.as_of BETWEEN c.valid_from AND c.valid_to
    WHERE p.staff_type = 'civil_servant' AND p.in_scope AND c.scope = 'department'
      AND EXISTS (SELECT 1 FROM kinds k WHERE k.agency = p.agency
                  AND k.unit_kind IN ('division', 'department'))
      -- A department's cap: commune staff have their own grade rule (not checked here).
      AND NOT EXISTS (SELECT 1 FROM kinds k WHERE k.agency = p.agency AND k.unit = p.unit
                      AND k.unit_kind IN ('commune', 'commune_division'))
    GROUP BY p.agency, c.due, c.source, c.confirmed, c.max_share
)
SELECT * FROM min_staff
UNION ALL SELECT * FROM deputies
UNION ALL SELECT * FROM professional
UNION ALL SELECT * FROM grade_cap
ORDER BY agency, unit NULLS LAST, check_code
