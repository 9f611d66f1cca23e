-- The merged unit's job-position list: one row per unit and position (same-named units of
-- the merged files are one unit), the quotas of its rows added up (NULL when none gives one),
-- named after the merged unit ($into). Without a new list the merged units' own lists are
-- combined this way: the quota does not change until a new list is given.
SELECT
    unit, any_value(position ORDER BY source_file, source_row) AS position,
    any_value(category ORDER BY source_file, source_row) AS category,
    any_value(grade_code ORDER BY source_file, source_row) AS grade_code,
    any_value(grade_name ORDER BY source_file, source_row) AS grade_name,
    sum(quota)::INTEGER AS quota,
    string_agg(notes, '; ' ORDER BY source_file, source_row) AS notes,
    $into AS source_file,
    $into AS agency,
    any_value(source_sheet ORDER BY source_file, source_row) AS source_sheet,
    min(source_row) AS source_row
FROM new_list
WHERE position IS NOT NULL
GROUP BY unit, lower(trim(position))
ORDER BY min(source_file), min(source_row)
