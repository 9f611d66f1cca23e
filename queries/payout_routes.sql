-- Amounts of every regime's two routes (payout_factors: one row per person and route, each
-- component as a base salary s1–s3 and a factor f1–f3). Money: each component is base ×
-- factor in exact DECIMAL, rounded half-up to whole đồng ONCE, here; the total adds the
-- rounded components. Early-retirement components are A1–A3, quitting ones B1–B3.
WITH amounts AS (
    SELECT
        *,
        CASE WHEN eligible THEN round(s1::DECIMAL(38, 4) * f1)::BIGINT ELSE 0 END AS c1,
        CASE WHEN eligible THEN round(s2::DECIMAL(38, 4) * f2)::BIGINT ELSE 0 END AS c2,
        CASE WHEN eligible THEN round(s3::DECIMAL(38, 4) * f3)::BIGINT ELSE 0 END AS c3
    FROM payout_factors
)
SELECT
    person_id, route_eval AS route, eligible, reason_code,
    CASE WHEN is_quit THEN 0 ELSE c1 END::BIGINT AS a1,
    CASE WHEN is_quit THEN 0 ELSE c2 END::BIGINT AS a2,
    CASE WHEN is_quit THEN 0 ELSE c3 END::BIGINT AS a3,
    CASE WHEN is_quit THEN c1 ELSE 0 END::BIGINT AS b1,
    CASE WHEN is_quit THEN c2 ELSE 0 END::BIGINT AS b2,
    CASE WHEN is_quit THEN c3 ELSE 0 END::BIGINT AS b3,
    (c1 + c2 + c3)::BIGINT AS total,
    eligible AND NOT is_quit AND $pension_waiver AS pension_waiver,
    route_notes,
    list_filter(items, lambda x: x IS NOT NULL) AS items
FROM amounts
