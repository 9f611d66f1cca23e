-- Small integer keys for the units the projection pays (people's and newcomers'), so its
-- stretches (projection_pay.sql) join and group on integers; the agency and unit names come
-- back only in the last step. UNION keeps one row per unit, a NULL unit included.
SELECT row_number() OVER (ORDER BY agency, unit) AS unit_key, agency, unit
FROM (SELECT agency, unit FROM people UNION SELECT agency, unit FROM projection_newcomers)
