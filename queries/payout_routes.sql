-- Amounts of every regime's routes (payout_factors: one row per person and route, each
-- component as a base salary s1–s3 and a factor f1–f3). Money: each component is base ×
-- factor in exact DECIMAL, rounded half-up to whole đồng ONCE, here; the total adds the
-- rounded components. Early-retirement components are A1–A3; those of every other route
-- (quitting, training, transfer, commune part-timers…) are B1–B3 — what each means per route
-- is in the header of queries/payout_<regime>.sql.
-- A route that is not eligible pays 0, except when it is closed only for want of an input
-- (`input_missing`: birth date or sex, SI years, the allowance P) or its base is unknown (a
-- NULL base, e.g. Decree 154's commune part-timer without an allowance): then the amounts
-- are NULL — unknown, never a 0 that reads as "no payout".
-- A route stated in the input that the regime does not compute gets a row of its own, not
-- eligible, reason route_not_in_regime — so the person's stated route always has a row.
WITH missing AS (
    SELECT *, coalesce(reason_code IN ('no_birth', 'si_unknown', 'allowance_missing'), false)
        AS input_missing
    FROM payout_factors
),
amounts AS (
    SELECT
        *,
        CASE WHEN input_missing THEN NULL
             WHEN eligible OR s1 IS NULL THEN round(s1::DECIMAL(38, 4) * f1)::BIGINT ELSE 0
        END AS c1,
        CASE WHEN input_missing THEN NULL
             WHEN eligible OR s2 IS NULL THEN round(s2::DECIMAL(38, 4) * f2)::BIGINT ELSE 0
        END AS c2,
        CASE WHEN input_missing THEN NULL
             WHEN eligible OR s3 IS NULL THEN round(s3::DECIMAL(38, 4) * f3)::BIGINT ELSE 0
        END AS c3
    FROM missing
),
computed AS (
    SELECT
        person_id, route_eval AS route, eligible, reason_code, input_missing,
        CASE WHEN route_eval = 'early_retirement' THEN c1 ELSE 0 END::BIGINT AS a1,
        CASE WHEN route_eval = 'early_retirement' THEN c2 ELSE 0 END::BIGINT AS a2,
        CASE WHEN route_eval = 'early_retirement' THEN c3 ELSE 0 END::BIGINT AS a3,
        CASE WHEN route_eval = 'early_retirement' THEN 0 ELSE c1 END::BIGINT AS b1,
        CASE WHEN route_eval = 'early_retirement' THEN 0 ELSE c2 END::BIGINT AS b2,
        CASE WHEN route_eval = 'early_retirement' THEN 0 ELSE c3 END::BIGINT AS b3,
        (c1 + c2 + c3)::BIGINT AS total,
        eligible AND route_eval = 'early_retirement' AND $pension_waiver AS pension_waiver,
        route_notes,
        items  -- with the NULLs of rules that do not apply; payouts.sql keeps what it shows
    FROM amounts
),
stated_elsewhere AS (
    SELECT DISTINCT f.person_id, f.route
    FROM payout_factors f
    WHERE f.route IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM payout_factors g
                      WHERE g.person_id = f.person_id AND g.route_eval = f.route)
)
SELECT * FROM computed
UNION ALL BY NAME
SELECT
    person_id, route, false AS eligible, 'route_not_in_regime' AS reason_code,
    false AS input_missing,
    0::BIGINT AS a1, 0::BIGINT AS a2, 0::BIGINT AS a3,
    0::BIGINT AS b1, 0::BIGINT AS b2, 0::BIGINT AS b3, 0::BIGINT AS total,
    false AS pension_waiver, []::VARCHAR[] AS route_notes, []::VARCHAR[] AS items
FROM stated_elsewhere
