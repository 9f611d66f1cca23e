-- Ranked streamlining candidates per unit: the people grounds.sql lets us propose (a ground
-- of the regime in force, a request, or a route stated in the input), with their routes.
-- Decree 29's sick-leave ground ($sick_rule d29) is measured here against the SI maximum of
-- days for the person's SI years (payout_input.sql; unknown years read as 0): whoever
-- grounds.sql kept only for reaching the smallest maximum and falls short of their own is
-- not a candidate.
-- Nobody is proposed without a ground or a request (volunteering); a target the grounds
-- cannot cover stays uncovered (targets.remaining_gap), never filled with others.
-- Route: the stated one, else early retirement when eligible, else quitting when eligible.
-- Order within a unit, a stated rule with no invented marks: stated route, number of grounds,
-- volunteers, weaker ratings ("not completed" years, then "completed" years), the unit's own
-- evaluation score when the workbook gives one (lowest first), the shortest payback (one-off
-- cost over yearly saving), then input order. Proposed: every stated route, then people with
-- a ground or a request, in that order, until the unit's gap (unit_targets) is filled.
WITH sick_max AS (
    -- Each distinct SI length's maximum read once.
    SELECT
        y,
        (SELECT m.days FROM p_sick_leave_si_max m WHERE m.min_si_years <= y
         ORDER BY m.min_si_years DESC LIMIT 1) AS days
    FROM (SELECT DISTINCT coalesce(si_years, 0) AS y FROM payout_input)
),
measured AS (
    SELECT
        g.* EXCLUDE (sick_days, sick_possible),
        i.si_years AS n_years,
        i.annual_saving,
        coalesce(g.sick_possible
                 AND CASE $sick_rule WHEN 'd29' THEN g.sick_days >= s.days ELSE true END,
                 false) AS trig_sick
    FROM grounds g
    JOIN payout_input i USING (person_id)
    LEFT JOIN sick_max s ON s.y = coalesce(i.si_years, 0)
),
counted AS (
    SELECT
        *,
        trig_surplus::INTEGER + trig_training::INTEGER + trig_rating::INTEGER
            + trig_sick::INTEGER AS n_triggers
    FROM measured
    WHERE route IS NOT NULL OR is_volunteer OR trig_surplus OR trig_training OR trig_rating
       OR trig_sick
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
        g.*,
        coalesce(r.er_ok, false) AS er_eligible,
        coalesce(r.quit_ok, false) AS quit_eligible,
        coalesce(g.route, CASE WHEN r.er_ok THEN 'early_retirement'
                               WHEN r.quit_ok THEN 'quit' END) AS chosen_route,
        (g.band_1 = 'not_completed')::INTEGER + (g.band_2 = 'not_completed')::INTEGER
            + (g.band_3 = 'not_completed')::INTEGER AS years_not_completed,
        (g.band_1 = 'completed')::INTEGER + (g.band_2 = 'completed')::INTEGER
            + (g.band_3 = 'completed')::INTEGER AS years_completed
    FROM counted g
    LEFT JOIN routes r USING (person_id)
),
ordered AS (
    SELECT
        t.*,
        pr.eligible AS route_eligible,
        pr.reason_code AS route_reason,
        pr.input_missing AS route_input_missing,
        pr.total AS route_total,
        CASE WHEN pr.total > 0 AND t.annual_saving > 0
             THEN round(pr.total * 12 / t.annual_saving, 1)::DECIMAL(10, 1) END
            AS payback_months,
        t.route IS NOT NULL AS stated
    FROM triggered t
    LEFT JOIN payout_routes pr ON pr.person_id = t.person_id AND pr.route = t.chosen_route
),
grounded AS (
    SELECT
        *,
        n_triggers > 0 OR is_volunteer AS has_ground,
        route IS NULL AND chosen_route IS NOT NULL AND (n_triggers > 0 OR is_volunteer)
            AS proposable
    FROM ordered
),
ranked AS (
    SELECT
        g.*,
        t.gap,
        row_number() OVER w AS rank_in_unit,
        count(*) FILTER (WHERE g.proposable) OVER (w ROWS UNBOUNDED PRECEDING) AS proposable_seq,
        count(*) FILTER (WHERE g.stated AND g.retiring_by_horizon IS NOT TRUE)
            OVER (PARTITION BY g.agency, g.unit) AS stated_toward_gap
    FROM grounded g
    LEFT JOIN unit_targets t ON t.agency = g.agency AND t.unit IS NOT DISTINCT FROM g.unit
    WINDOW w AS (PARTITION BY g.agency, g.unit
                 ORDER BY g.stated DESC, g.n_triggers DESC, g.is_volunteer DESC,
                          g.years_not_completed DESC NULLS LAST,
                          g.years_completed DESC NULLS LAST, g.score ASC NULLS LAST,
                          g.payback_months ASC NULLS LAST, g.person_id)
),
decided AS (
    SELECT
        *,
        stated OR (proposable
                   AND proposable_seq <= greatest(coalesce(gap, 0) - stated_toward_gap, 0))
            AS proposed
    FROM ranked
),
toward AS (
    -- The proposals that cover the unit's gap, in rank order (stated routes first): those
    -- past the gap (a stated route can be) are proposed but do not count toward it, so the
    -- target = retirements counted + proposals toward the gap + what no ground covers.
    SELECT
        *,
        count(*) FILTER (WHERE proposed AND retiring_by_horizon IS NOT TRUE)
            OVER (PARTITION BY agency, unit ORDER BY rank_in_unit ROWS UNBOUNDED PRECEDING)
            AS toward_seq
    FROM decided
)
SELECT
    d.person_id, d.employee_id, d.full_name, d.agency, d.unit, d.position, d.staff_type,
    d.months_to_retirement, d.retirement_month, d.retiring_by_horizon,
    d.band_1 AS rating_1, d.band_2 AS rating_2, d.band_3 AS rating_3,
    d.trig_surplus, d.trig_training, d.trig_rating, d.trig_sick, d.n_triggers,
    d.is_volunteer AS volunteer, d.has_ground, d.score,
    d.er_eligible, d.quit_eligible,
    d.chosen_route AS route,
    CASE WHEN d.stated THEN 'input' WHEN d.chosen_route IS NOT NULL THEN 'recommended' END
        AS route_source,
    d.route_eligible AS payout_eligible,
    d.route_total AS payout_total,
    d.annual_saving,
    d.payback_months,
    d.rank_in_unit::INTEGER AS rank_in_unit,
    d.proposed,
    d.proposed AND d.retiring_by_horizon IS NOT TRUE AND (d.gap IS NULL OR d.toward_seq <= d.gap)
        AS counts_toward_gap,
    -- Why: codes, comma-separated; the report words them.
    array_to_string(list_filter(list_value(
        CASE WHEN d.stated THEN 'stated_route' END,
        CASE WHEN d.trig_surplus THEN 'surplus' END,
        CASE WHEN d.trig_training THEN 'training' END,
        CASE WHEN d.trig_rating THEN 'rating_' || $rating_rule END,
        CASE WHEN d.trig_sick THEN 'sick_' || $sick_rule END,
        CASE WHEN d.is_volunteer THEN 'volunteer' END,
        CASE WHEN d.er_eligible THEN 'er_eligible' END,
        CASE WHEN d.has_ground AND NOT d.proposed AND d.chosen_route IS NOT NULL
             THEN 'beyond_gap' END,
        CASE WHEN d.chosen_route IS NULL THEN 'no_route' END,
        -- Closed only for want of an input: pending, not refused (payout_pending_si says it).
        CASE WHEN d.stated AND NOT d.route_eligible AND NOT d.route_input_missing
             THEN 'stated_not_eligible' END,
        CASE WHEN d.chosen_route IS NOT NULL AND d.route_reason = 'si_unknown'
             THEN 'payout_pending_si' END,
        CASE WHEN d.stated AND d.retiring_by_horizon THEN 'retiring_anyway' END
    ), lambda x: x IS NOT NULL), ',') AS reason_codes
FROM toward d
ORDER BY d.agency, d.unit, d.rank_in_unit
