-- Each person's job position matched to the job-position list of the same agency (the
-- staff's input file; a list kept in a file of its own belongs to the staff file beside it):
-- same unit, or a position listed without a unit. Case and surrounding spaces are
-- ignored.
WITH pos AS (
    SELECT agency, unit, position, lower(trim(position)) AS pkey,
           lower(trim(unit)) AS ukey
    FROM position_list WHERE position IS NOT NULL
)
SELECT
    p.person_id,
    p.agency,
    p.unit,
    p.position AS staff_position,
    coalesce(exact.unit, anyunit.unit) AS pos_unit,
    coalesce(exact.position, anyunit.position) AS pos_position
FROM people p
LEFT JOIN pos exact
    ON exact.agency = p.agency AND exact.pkey = lower(trim(p.position))
   AND exact.ukey = lower(trim(p.unit))
LEFT JOIN pos anyunit
    ON anyunit.agency = p.agency AND anyunit.pkey = lower(trim(p.position))
   AND anyunit.ukey IS NULL
