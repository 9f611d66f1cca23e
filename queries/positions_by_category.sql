-- Job positions per agency, unit and category (leadership, professional, shared, support).
-- The quota is unknown unless every position of the group has one.
SELECT
    agency,
    unit,
    coalesce(category, 'unknown') AS category,
    CASE WHEN count(quota) = count(*) THEN sum(quota) END::INTEGER AS quota,
    sum(present)::INTEGER AS present,
    (sum(present) - sum(quota))::INTEGER AS difference
FROM positions
GROUP BY ALL
ORDER BY agency, unit NULLS LAST, category
