-- What the projection assumes of people whose dates or pay it cannot follow, for the first
-- lines of its outputs: people whose pension starts before the first projected month are
-- never paid in it (the list is taken to be late: they have retired); people without a
-- pension start (birth date or sex missing) are paid to the last month; people without a
-- salary coefficient are not priced by it (projection_pay.sql counts their person-months).
WITH first_month AS (SELECT min(start_idx) AS start_idx FROM pj_scenario)
SELECT
    count(*) FILTER (WHERE year(p.pension_start) * 12 + month(p.pension_start) - 1
                           <= f.start_idx) AS retired_before_start,
    count(*) FILTER (WHERE p.pension_start IS NULL) AS no_pension_start,
    count(*) FILTER (WHERE p.coef IS NULL) AS no_coef
FROM people p CROSS JOIN first_month f
