-- The staff of the units being merged, as one agency ($into): same-named units of the merged
-- files become one unit. Everyone holding a job position over its new quota (the new list's
-- row for the person's unit, else its row without a unit) is marked surplus: surplus after a
-- merger of units is a ground of every regime (law.md §3, "Who is streamlined"); which of the
-- holders is proposed is decided by the ranking (candidates.sql, merge_candidates.sql). An
-- unknown quota marks nobody; a surplus stated in the input stays. Units and positions are
-- matched whatever their case and surrounding spaces (ukey, pkey), as position_match.sql
-- matches them: the staff list's "LÃNH ĐẠO UBND XÃ" is the new list's "Lãnh đạo UBND xã".
WITH quota AS (
    SELECT lower(trim(unit)) AS ukey, lower(trim(position)) AS pkey, sum(quota) AS quota
    FROM new_list WHERE position IS NOT NULL AND quota IS NOT NULL
    GROUP BY ALL
),
held AS (
    SELECT lower(trim(unit)) AS ukey, lower(trim(position)) AS pkey, count(*) AS n
    FROM staff WHERE position IS NOT NULL GROUP BY ALL
),
over AS (
    SELECT q.ukey, q.pkey
    FROM quota q
    JOIN held h ON h.pkey = q.pkey AND h.ukey IS NOT DISTINCT FROM q.ukey
    WHERE q.ukey IS NOT NULL AND h.n > q.quota
    UNION ALL
    SELECT NULL, q.pkey
    FROM quota q
    JOIN (SELECT pkey, sum(n) AS n FROM held GROUP BY pkey) h ON h.pkey = q.pkey
    WHERE q.ukey IS NULL AND h.n > q.quota
)
SELECT s.* REPLACE (
    $into AS source_file,
    CASE WHEN EXISTS (SELECT 1 FROM over o
                      WHERE o.pkey = lower(trim(s.position))
                        AND (o.ukey IS NULL OR o.ukey = lower(trim(s.unit))))
         THEN true ELSE s.surplus END AS surplus)
FROM staff s
ORDER BY s.person_id
