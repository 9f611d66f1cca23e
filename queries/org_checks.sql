-- Organisational checks (law.md §4): minimum payroll per unit kind, maximum deputies,
-- professional share of public employees, grade-ratio cap. One row per check made.
-- Payroll = cadres and civil servants in scope; a unit's payroll includes its direct sub-units.
WITH kinds AS (
    SELECT unit, any_value(unit_kind) AS unit_kind, any_value(parent) AS parent
    FROM units WHERE unit IS NOT NULL GROUP BY unit
),
own AS (
    SELECT unit,
           count(*) FILTER (WHERE in_scope AND staff_type IN ('cadre', 'civil_servant')) AS payroll,
           count(*) FILTER (WHERE lower(strip_accents(coalesce(title, ''))) LIKE 'pho %') AS deputies
    FROM people GROUP BY unit
),
sized AS (
    SELECT k.unit, k.unit_kind,
           coalesce(o.payroll, 0) + coalesce((
               SELECT sum(c.payroll) FROM own c JOIN kinds ck ON ck.unit = c.unit
               WHERE ck.parent = k.unit), 0) AS payroll,
           coalesce(o.deputies, 0) AS deputies,
           (SELECT count(*) FROM kinds d WHERE d.parent = k.unit) AS divisions
    FROM kinds k LEFT JOIN own o USING (unit)
),
min_staff AS (
    SELECT s.unit, 'min_staff' AS check_code, s.payroll::DOUBLE AS actual,
           r.min_staff::DOUBLE AS limit_value, s.payroll >= r.min_staff AS ok,
           NULL::DATE AS due, r.source, r.confirmed
    FROM sized s JOIN p_org_min_staff r USING (unit_kind)
),
deputies AS (
    SELECT s.unit, 'max_deputies', s.deputies::DOUBLE, r.max_deputies::DOUBLE,
           s.deputies <= r.max_deputies, NULL::DATE, r.source, r.confirmed
    FROM sized s JOIN p_org_max_deputies r ON r.unit_kind = s.unit_kind
     AND (CASE r.measure WHEN 'staff' THEN s.payroll ELSE s.divisions END)
         BETWEEN r.from_staff AND r.to_staff
),
categorised AS (
    SELECT p.unit, pos.category
    FROM people p
    JOIN position_match m USING (person_id)
    LEFT JOIN positions pos
        ON pos.position = m.pos_position AND pos.unit IS NOT DISTINCT FROM m.pos_unit
    WHERE p.staff_type = 'public_employee' AND p.in_scope
),
professional AS (
    SELECT unit, 'professional_share',
           round(count(*) FILTER (WHERE category IN ('professional', 'shared')) / count(*), 4),
           $professional_min::DOUBLE,
           count(*) FILTER (WHERE category IN ('professional', 'shared')) / count(*)
               >= $professional_min,
           NULL::DATE, $professional_source, true
    FROM categorised GROUP BY unit HAVING count(category) > 0
),
grade_cap AS (
    SELECT NULL::VARCHAR AS unit, 'grade_cap',
           round(count(*) FILTER (
               WHERE list_contains(string_split(c.salary_types, ','), p.salary_type)) / count(*), 4),
           c.max_share::DOUBLE,
           count(*) FILTER (
               WHERE list_contains(string_split(c.salary_types, ','), p.salary_type)) / count(*)
               <= c.max_share,
           c.due, c.source, c.confirmed
    FROM people p CROSS JOIN p_org_grade_cap c
    WHERE p.staff_type = 'civil_servant' AND p.in_scope AND c.scope = 'department'
      AND EXISTS (SELECT 1 FROM units WHERE unit_kind IN ('division', 'department'))
    GROUP BY c.due, c.source, c.confirmed, c.max_share
)
SELECT * FROM min_staff
UNION ALL SELECT * FROM deputies
UNION ALL SELECT * FROM professional
UNION ALL SELECT * FROM grade_cap
ORDER BY unit NULLS LAST, check_code
