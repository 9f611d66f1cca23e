-- The merged unit's job positions: the quota before (the merged units' own lists, added up),
-- the new quota, present, surplus (positions.sql of the merged analysis), people retiring by
-- the horizon among the holders, and how many surplus holders are proposed
-- (merge_candidates). NULL quota: no list gives one.
WITH before AS (
    SELECT lower(trim(unit)) AS ukey, lower(trim(position)) AS pkey,
           CASE WHEN count(quota) > 0 THEN sum(quota) END AS quota
    FROM old_list WHERE position IS NOT NULL GROUP BY ALL
),
picked AS (
    SELECT unit, position, count(*) FILTER (WHERE selected) AS selected
    FROM merge_candidates GROUP BY ALL
)
SELECT
    p.unit, p.position, p.category,
    b.quota::INTEGER AS quota_before,
    p.quota AS quota_after,
    p.present, p.difference, p.surplus,
    coalesce(k.selected, 0)::INTEGER AS selected,
    CASE WHEN p.surplus IS NOT NULL THEN greatest(p.surplus - coalesce(k.selected, 0), 0) END
        ::INTEGER AS unresolved
FROM positions p
LEFT JOIN before b
    ON b.pkey = lower(trim(p.position)) AND b.ukey IS NOT DISTINCT FROM lower(trim(p.unit))
LEFT JOIN picked k
    ON k.position = p.position AND k.unit IS NOT DISTINCT FROM p.unit
ORDER BY p.unit NULLS FIRST, p.position
