-- Who may be proposed (law.md §3 "Who is streamlined"): in-scope staff not past retirement
-- age, not deferred and not retiring naturally by the horizon (natural retirements already
-- count toward the target), who meet a ground of the regime in force or ask to leave — and
-- everyone whose route is stated in the input, taken as they are (the list records their
-- request). Nobody else is ever proposed, so nobody else is priced or ranked: a national
-- list has 2 M people in scope and a few tens of thousands with a ground.
-- Grounds: surplus after reorganisation or restructuring; training standard not met; rating
-- history ($rating_rule: d29 = "not completed" last year, or "completed" last year and "not
-- completed" the year before; d154 = "not completed" last year); sick leave ($sick_rule: d29
-- = at least the SI maximum of days for the person's SI years — two years running must be
-- checked by hand; d154 = at least $sick_days_trigger days). Ratings given as 0–100 scores
-- are banded by p_rating_band.
-- Decree 29's sick-leave maximum depends on SI years, which payout_input.sql derives for the
-- people listed here: this list keeps whoever reaches the smallest maximum (`sick_possible`),
-- and candidates.sql measures them against their own.
WITH pool AS (
    SELECT
        p.person_id, p.employee_id, p.full_name, p.agency, p.unit, p.position, p.staff_type,
        p.months_to_retirement, p.retirement_month, p.retiring_by_horizon, p.route,
        p.rating_1, p.rating_2, p.rating_3, p.surplus, p.training_met, p.sick_days,
        p.volunteer, p.eval_score
    FROM people p
    WHERE p.in_scope AND p.past_retirement IS NOT TRUE
      AND p.person_id NOT IN (SELECT person_id FROM deferred)
      AND (p.route IS NOT NULL OR p.retiring_by_horizon IS NOT TRUE)
),
-- Each distinct rating read once into its band: a per-row subquery over 2 M national rows
-- cost more than the rows' own work.
rating_bands AS (
    SELECT
        v,
        CASE WHEN v IN ('excellent', 'good', 'completed', 'not_completed') THEN v
             ELSE (SELECT b.band FROM p_rating_band b
                   WHERE b.min_score <= TRY_CAST(v AS DECIMAL(9, 4))
                   ORDER BY b.min_score DESC LIMIT 1) END AS band
    FROM (SELECT rating_1 AS v FROM pool UNION SELECT rating_2 FROM pool
          UNION SELECT rating_3 FROM pool)
    WHERE v IS NOT NULL
),
banded AS (
    SELECT pool.*, b1.band AS band_1, b2.band AS band_2, b3.band AS band_3
    FROM pool
    LEFT JOIN rating_bands b1 ON b1.v = pool.rating_1
    LEFT JOIN rating_bands b2 ON b2.v = pool.rating_2
    LEFT JOIN rating_bands b3 ON b3.v = pool.rating_3
),
triggered AS (
    SELECT
        b.* EXCLUDE (rating_1, rating_2, rating_3, surplus, training_met, volunteer,
                     eval_score),
        b.eval_score::DECIMAL(7, 2) AS score,
        coalesce(b.surplus, false) AS trig_surplus,
        coalesce(b.training_met = false, false) AS trig_training,
        coalesce(CASE $rating_rule
            WHEN 'd29' THEN b.band_1 = 'not_completed'
                            OR (b.band_1 = 'completed' AND b.band_2 = 'not_completed')
            WHEN 'd154' THEN b.band_1 = 'not_completed'
        END, false) AS trig_rating,
        coalesce(CASE $sick_rule
            WHEN 'd29' THEN b.sick_days >= (SELECT min(days) FROM p_sick_leave_si_max)
            WHEN 'd154' THEN b.sick_days >= $sick_days_trigger
        END, false) AS sick_possible,
        coalesce(b.volunteer, false) AS is_volunteer
    FROM banded b
)
SELECT *
FROM triggered
WHERE route IS NOT NULL OR is_volunteer OR trig_surplus OR trig_training OR trig_rating
   OR sick_possible
