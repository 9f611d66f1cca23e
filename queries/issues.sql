-- Every issue row of the run: what the importer found (ingest_issues), the per-person checks
-- (checks.sql, each in the source column of the field it is about) and each organisational
-- check that fails (org_checks.sql), in that order. A row holds a code and its arguments
-- (JSON); the report words it in the reader's language.
WITH columns AS (
    SELECT file, sheet, field, min("column") AS "column"
    FROM mapping WHERE role = 'staff' GROUP BY ALL
)
SELECT file, sheet, "row", "column", value, code, args, severity FROM (
    SELECT *, 1 AS part, rowid AS seq FROM ingest_issues
    UNION ALL BY NAME
    SELECT c.* EXCLUDE ("column", field, alt_field), coalesce(m."column", a."column") AS "column",
           2 AS part, c.rowid AS seq
    FROM checks c
    LEFT JOIN columns m ON m.file = c.file AND m.sheet = c.sheet AND m.field = c.field
    LEFT JOIN columns a ON a.file = c.file AND a.sheet = c.sheet AND a.field = c.alt_field
    UNION ALL BY NAME
    SELECT
        o.agency AS file,
        NULL AS sheet, NULL AS "row", NULL AS "column", o.unit AS value,
        'org_' || o.check_code AS code,
        json_object('unit', o.unit, 'actual', o.actual, 'limit', o.limit_value,
                    'due', o.due)::VARCHAR AS args,
        'warning' AS severity, 3 AS part, o.rowid AS seq
    FROM org_checks o
    WHERE NOT o.ok
)
ORDER BY part, seq
