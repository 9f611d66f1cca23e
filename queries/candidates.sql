-- Ranked streamlining candidates per unit (law.md §3 "Who is streamlined"; issue 3 §4).
-- Pool: in-scope staff not past retirement age, not deferred, and not retiring naturally by
-- the horizon (natural retirements already count toward the target) — except people who
-- state a route in the input: they are taken as they are.
-- Triggers: surplus; training standard not met; rating history ($rating_rule: d29 = "not
-- completed" last year, or "completed" last year and "not completed" the year before;
-- d154 = "not completed" last year); sick leave ($sick_rule: d29 = at least the SI maximum
-- of days for the person's SI years — two years running must be checked by hand; d154 = at
-- least $sick_days_trigger days). Ratings given as 0–100 scores are banded by p_rating_band.
-- Evaluation score: the input's, else the preset's criteria (p_scoring, params/data/scoring.toml;
-- the preset and its settings are the one-row table `scoring`).
-- Route: the stated one, else early retirement when eligible, else quitting when eligible.
-- Order within a unit: stated route, number of triggers, volunteers, eligible for early
-- retirement, lowest score, fewest months to retirement, then input order. Proposed: every
-- stated route, then eligible people in that order until the unit's gap (unit_targets) is filled;
-- people whose score on a criterion reaches its keep_min stay.
WITH pool AS (
    SELECT p.*, i.si_years AS n_years
    FROM people p
    JOIN payout_input i USING (person_id)
    WHERE p.in_scope AND NOT p.past_retirement
      AND p.person_id NOT IN (SELECT person_id FROM deferred)
      AND (p.route IS NOT NULL OR NOT p.retiring_by_horizon)
),
banded AS (
    SELECT
        *,
        CASE WHEN rating_1 IN ('excellent', 'good', 'completed', 'not_completed') THEN rating_1
             ELSE (SELECT b.band FROM p_rating_band b
                   WHERE b.min_score <= TRY_CAST(rating_1 AS DECIMAL(9, 4))
                   ORDER BY b.min_score DESC LIMIT 1) END AS band_1,
        CASE WHEN rating_2 IN ('excellent', 'good', 'completed', 'not_completed') THEN rating_2
             ELSE (SELECT b.band FROM p_rating_band b
                   WHERE b.min_score <= TRY_CAST(rating_2 AS DECIMAL(9, 4))
                   ORDER BY b.min_score DESC LIMIT 1) END AS band_2,
        CASE WHEN rating_3 IN ('excellent', 'good', 'completed', 'not_completed') THEN rating_3
             ELSE (SELECT b.band FROM p_rating_band b
                   WHERE b.min_score <= TRY_CAST(rating_3 AS DECIMAL(9, 4))
                   ORDER BY b.min_score DESC LIMIT 1) END AS band_3
    FROM pool
),
shares AS (
    SELECT
        b.*,
        list_avg([s1.share, s2.share, s3.share]) AS rating_share
    FROM banded b
    LEFT JOIN p_rating_share s1 ON s1.band = b.band_1
    LEFT JOIN p_rating_share s2 ON s2.band = b.band_2
    LEFT JOIN p_rating_share s3 ON s3.band = b.band_3
),
criteria AS (
    SELECT
        s.person_id,
        c.points,
        c.keep_min,
        c.points * CASE c.basis
            WHEN 'ratings' THEN coalesce(s.rating_share, k.missing_share)
            WHEN 'training' THEN CASE WHEN s.training_met = false THEN 0 ELSE 1 END
            WHEN 'health' THEN 1 - least(coalesce(s.sick_days, 0), k.sick_days_zero)
                                   / k.sick_days_zero
            WHEN 'years_left' THEN least(greatest(s.months_to_retirement, 0),
                                         k.years_left_full_months) / k.years_left_full_months
            ELSE 1
        END AS got
    FROM shares s
    CROSS JOIN p_scoring c
    CROSS JOIN scoring k
),
computed AS (
    SELECT
        person_id,
        round(sum(got), 2)::DECIMAL(7, 2) AS computed_score,
        bool_or(keep_min > 0 AND got >= keep_min) AS keeps
    FROM criteria
    GROUP BY person_id
),
routes AS (
    SELECT
        person_id,
        -- Unknown SI years leave a route open (pending data), not closed: the person can
        -- still be proposed, and the payout says what is missing.
        bool_or(eligible OR reason_code = 'si_unknown')
            FILTER (WHERE route = 'early_retirement') AS er_ok,
        bool_or(eligible OR reason_code = 'si_unknown') FILTER (WHERE route = 'quit') AS quit_ok
    FROM payout_routes
    GROUP BY person_id
),
triggered AS (
    SELECT
        s.*,
        coalesce(s.eval_score, c.computed_score)::DECIMAL(7, 2) AS score,
        CASE WHEN s.eval_score IS NOT NULL THEN 'input' ELSE k.preset END AS score_source,
        s.eval_score IS NULL AND coalesce(c.keeps, false) AS stays,
        coalesce(s.surplus, false) AS trig_surplus,
        coalesce(s.training_met = false, false) AS trig_training,
        coalesce(CASE $rating_rule
            WHEN 'd29' THEN s.band_1 = 'not_completed'
                            OR (s.band_1 = 'completed' AND s.band_2 = 'not_completed')
            WHEN 'd154' THEN s.band_1 = 'not_completed'
        END, false) AS trig_rating,
        coalesce(CASE $sick_rule
            WHEN 'd29' THEN s.sick_days >= (SELECT m.days FROM p_sick_leave_si_max m
                                            WHERE m.min_si_years <= coalesce(s.n_years, 0)
                                            ORDER BY m.min_si_years DESC LIMIT 1)
            WHEN 'd154' THEN s.sick_days >= $sick_days_trigger
        END, false) AS trig_sick,
        coalesce(s.volunteer, false) AS is_volunteer,
        coalesce(r.er_ok, false) AS er_eligible,
        coalesce(r.quit_ok, false) AS quit_eligible,
        coalesce(s.route, CASE WHEN r.er_ok THEN 'early_retirement'
                               WHEN r.quit_ok THEN 'quit' END) AS chosen_route
    FROM shares s
    CROSS JOIN scoring k
    LEFT JOIN computed c USING (person_id)
    LEFT JOIN routes r USING (person_id)
),
ordered AS (
    SELECT
        *,
        trig_surplus::INTEGER + trig_training::INTEGER + trig_rating::INTEGER
            + trig_sick::INTEGER AS n_triggers,
        route IS NOT NULL AS stated,
        route IS NULL AND chosen_route IS NOT NULL AND NOT stays AS proposable
    FROM triggered
),
ranked AS (
    SELECT
        o.*,
        t.gap,
        row_number() OVER w AS rank_in_unit,
        count(*) FILTER (WHERE o.proposable) OVER (w ROWS UNBOUNDED PRECEDING) AS proposable_seq,
        count(*) FILTER (WHERE o.stated AND NOT o.retiring_by_horizon)
            OVER (PARTITION BY o.unit) AS stated_toward_gap
    FROM ordered o
    LEFT JOIN unit_targets t ON t.unit IS NOT DISTINCT FROM o.unit
    WINDOW w AS (PARTITION BY o.unit
                 ORDER BY o.stated DESC, n_triggers DESC, o.is_volunteer DESC,
                          o.er_eligible DESC, o.score ASC NULLS LAST,
                          o.months_to_retirement ASC NULLS LAST, o.person_id)
),
decided AS (
    SELECT
        *,
        stated OR (proposable
                   AND proposable_seq <= greatest(coalesce(gap, 0) - stated_toward_gap, 0))
            AS proposed
    FROM ranked
)
SELECT
    d.person_id, d.employee_id, d.full_name, d.unit, d.position, d.staff_type,
    d.months_to_retirement, d.retirement_month, d.retiring_by_horizon,
    d.band_1 AS rating_1, d.band_2 AS rating_2, d.band_3 AS rating_3,
    d.trig_surplus, d.trig_training, d.trig_rating, d.trig_sick, d.n_triggers,
    d.is_volunteer AS volunteer, d.score, d.score_source, d.stays,
    d.er_eligible, d.quit_eligible,
    d.chosen_route AS route,
    CASE WHEN d.stated THEN 'input' WHEN d.chosen_route IS NOT NULL THEN 'recommended' END
        AS route_source,
    pr.eligible AS payout_eligible,
    pr.total AS payout_total,
    i.annual_saving,
    CASE WHEN pr.total > 0 AND i.annual_saving > 0
         THEN round(pr.total * 12 / i.annual_saving, 1)::DECIMAL(10, 1) END AS payback_months,
    d.rank_in_unit::INTEGER AS rank_in_unit,
    d.proposed,
    d.proposed AND NOT d.retiring_by_horizon AS counts_toward_gap,
    -- Why: codes, comma-separated; the report words them.
    array_to_string(list_filter(list_value(
        CASE WHEN d.stated THEN 'stated_route' END,
        CASE WHEN d.trig_surplus THEN 'surplus' END,
        CASE WHEN d.trig_training THEN 'training' END,
        CASE WHEN d.trig_rating THEN 'rating_' || $rating_rule END,
        CASE WHEN d.trig_sick THEN 'sick_' || $sick_rule END,
        CASE WHEN d.is_volunteer THEN 'volunteer' END,
        CASE WHEN d.er_eligible THEN 'er_eligible' END,
        CASE WHEN d.proposed AND NOT d.stated AND d.n_triggers = 0 THEN 'low_score' END,
        CASE WHEN d.stays THEN 'stays' END,
        CASE WHEN d.chosen_route IS NULL THEN 'no_route' END,
        CASE WHEN d.stated AND NOT pr.eligible THEN 'stated_not_eligible' END,
        CASE WHEN d.chosen_route IS NOT NULL AND pr.reason_code = 'si_unknown'
             THEN 'payout_pending_si' END,
        CASE WHEN d.stated AND d.retiring_by_horizon THEN 'retiring_anyway' END,
        CASE WHEN d.score_source <> 'input' THEN 'score_computed' END
    ), lambda x: x IS NOT NULL), ',') AS reason_codes
FROM decided d
JOIN payout_input i USING (person_id)
LEFT JOIN payout_routes pr ON pr.person_id = d.person_id AND pr.route = d.chosen_route
ORDER BY d.unit, d.rank_in_unit
