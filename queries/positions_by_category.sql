-- Job positions per unit and category (leadership, professional, shared, support).
SELECT
    unit,
    coalesce(category, 'unknown') AS category,
    sum(quota)::INTEGER AS quota,
    sum(present)::INTEGER AS present,
    (sum(present) - sum(quota))::INTEGER AS difference
FROM positions
GROUP BY ALL
ORDER BY unit NULLS LAST, category
