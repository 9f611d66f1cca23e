-- Job positions per agency, unit and category (leadership, professional, shared, support).
SELECT
    agency,
    unit,
    coalesce(category, 'unknown') AS category,
    sum(quota)::INTEGER AS quota,
    sum(present)::INTEGER AS present,
    (sum(present) - sum(quota))::INTEGER AS difference
FROM positions
GROUP BY ALL
ORDER BY agency, unit NULLS LAST, category
