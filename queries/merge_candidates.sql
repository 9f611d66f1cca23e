-- Who fills each surplus of the merged unit: the holders of an over-quota position who are
-- candidates (in scope, not deferred, not retiring by the horizon) with a ground of the
-- regime in force (the merger surplus is one), in the unit's ranking order (candidates.sql:
-- grounds, volunteers, ratings, score, payback); the first `surplus` of them with a route
-- are selected. Their payout and yearly saving are the candidates' own (payout_routes.sql);
-- NULL payout: an input is missing or the route is not open.
-- Units and positions are matched whatever their case and surrounding spaces, as
-- position_match.sql matches them ("LÃNH ĐẠO UBND XÃ" of the staff list's sections and
-- "Lãnh đạo UBND xã" of the new list are one unit).
WITH over AS (
    SELECT unit, position, lower(trim(position)) AS pkey, lower(trim(unit)) AS ukey, surplus
    FROM positions WHERE surplus > 0
),
holders AS (
    SELECT c.*, o.unit AS pos_unit, o.position AS pos_position, o.surplus AS position_surplus,
           row_number() OVER (PARTITION BY o.unit, o.position
                              ORDER BY (c.has_ground AND c.route IS NOT NULL) DESC,
                                       c.rank_in_unit, c.person_id) AS rank_in_position
    FROM candidates c
    JOIN over o ON o.pkey = lower(trim(c.position))
               AND (o.ukey = lower(trim(c.unit)) OR (o.unit IS NULL AND NOT EXISTS (
                   SELECT 1 FROM over x WHERE x.ukey = lower(trim(c.unit)) AND x.pkey = o.pkey)))
)
SELECT
    person_id, employee_id, full_name, pos_unit AS unit, pos_position AS position, staff_type,
    position_surplus,
    rank_in_position::INTEGER AS rank_in_position,
    has_ground AND route IS NOT NULL AND rank_in_position <= position_surplus AS selected,
    route, payout_eligible, payout_total, annual_saving
FROM holders
ORDER BY unit NULLS FIRST, position, rank_in_position
