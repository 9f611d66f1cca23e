-- The route each proposed person's payout is detailed for (candidates.sql decides).
SELECT person_id, route, route_source FROM candidates WHERE proposed
