-- Every issue row of the run: what the importer found (ingest_issues), the per-person checks
-- (checks.sql) and each organisational check that fails (org_checks.sql), in that order. A row
-- holds a code and its arguments (JSON); the report words it in the reader's language.
SELECT file, sheet, "row", "column", value, code, args, severity FROM (
    SELECT *, 1 AS part, rowid AS seq FROM ingest_issues
    UNION ALL BY NAME
    SELECT *, 2 AS part, rowid AS seq FROM checks
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
