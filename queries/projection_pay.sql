-- The monthly salary of every member in every paid month, summed per scenario × month ×
-- unit (unit_key of projection_units.sql) × staff type inside DuckDB, without a row per person-month. Month m is paid from the
-- member's first month up to, not including, stop_idx.
--   step in m   = step0 + ⌊(m − coef month) / months between steps⌋, at most the last step:
--                 the next step is paid from the month containing coef_date + 36 (24) months;
--   coefficient = coef0 + (step − step0) × increment (an off-scale coefficient keeps its gap);
--   amount      = under a scenario's salary table (law.md §5), the amount in force on the
--                 first day of m for the member's position, else for its grade code: it
--                 replaces coefficient × base (steps no longer change it);
--   TNVK %      = a % given in the workbook (as of the as-of date) + 1 point at each later
--                 anniversary of coef_date (paid from the month containing it); else,
--                 at the last step, 5 % from the month containing last-step date + 36 (24)
--                 months, +1 point every further 12 months (frame rows of the scenario);
--   weight      = w0 − attr_units × least(k, K) in the k-th projected month (even attrition;
--                 $weight_scale units = one person; newcomers replacement_rate × …).
-- How: a member's pay changes only at a few months (a step, a TNVK anniversary, a new rules
-- period or table amount, the end of even attrition), so its paid months split into stretches
-- over which the price is constant and the weight is α + β × t (t = m − first projected
-- month). A year's sum over a unit is then, stretch by stretch, price × (α × n + β × Σt) over
-- the stretch's n months in that year, in closed form (grain 'year'). The months' totals per
-- staff type (grain 'month') come from changes: each stretch adds (α × price, β × price) from
-- its first month and takes it off from its end, and running sums of the changes give every
-- month's sum exactly. Money sums only priced members and is NULL when nobody in the cell is
-- priced (contributions also when the month's rate is unknown), as sums over person-months
-- would be; a cell exists only when someone is paid; newcomers_u and unpriced_u are 0 where
-- there are none (they are read as counts).
-- Built one scenario at a time ($scenario_id; pipeline Step `each`): the stretches of one
-- scenario fit in memory where those of all would spill.
-- Weighted sums are exact integers. A member whose coefficient is unknown (and no table
-- amount) is not priced: it is counted in unpriced_u, never as 0.
WITH tables AS (
    -- Salary-table rows with the first month whose first day they are in force on.
    SELECT *, year(valid_from) * 12 + month(valid_from) - 1
                  + CASE WHEN day(valid_from) > 1 THEN 1 ELSE 0 END AS first_idx
    FROM pj_salary_table
),
changes AS (
    -- The months a scenario's rules period or a salary-table amount changes, per staff type.
    SELECT scenario_id, staff_type, list(DISTINCT m_idx) AS months
    FROM (
        SELECT scenario_id, staff_type, m_idx
        FROM (
            SELECT scenario_id, staff_type, m_idx, price_period,
                   lag(price_period) OVER (PARTITION BY scenario_id, staff_type ORDER BY m_idx)
                       AS before
            FROM projection_months
        )
        WHERE before IS DISTINCT FROM price_period
        UNION ALL
        SELECT mo.scenario_id, mo.staff_type, t.first_idx
        FROM tables t
        JOIN (SELECT DISTINCT scenario_id, staff_type FROM projection_months) mo
            USING (scenario_id)
    )
    GROUP BY ALL
),
bounded AS (
    -- Only what the stretches need: every column is carried into each stretch row.
    SELECT mb.scenario_id, CASE WHEN mb.member_kind = 'newcomer' THEN 1 ELSE 0 END AS is_new,
           mb.unit_key, mb.staff_type, mb.sig, mb.grade_code, mb.position, mb.from_idx,
           mb.start_idx, mb.known_idx, mb.w0, mb.attr_units, mb.attr_months, mb.coef0,
           mb.step0, mb.coef_idx, mb.rises, mb.can_rise, mb.steps, mb.step_months,
           mb.increment, mb.last_idx, mb.frame_first, mb.frame_after, mb.frame_yearly,
           mb.tnvk0, mb.arrive_until, sc.end_idx,
           least(mb.stop_idx, sc.end_idx + 1) AS until_idx,
           coalesce(ch.months, []) AS rule_months
    FROM projection_members mb
    JOIN pj_scenario sc USING (scenario_id)
    LEFT JOIN changes ch
        ON ch.scenario_id = mb.scenario_id AND ch.staff_type IS NOT DISTINCT FROM mb.staff_type
    WHERE mb.scenario_id = $scenario_id AND mb.from_idx <= sc.end_idx
),
cuts AS (
    -- A person's months inside (from_idx, until_idx) at which the price or the weight's form
    -- may change: rules periods, the end of even attrition, anniversaries of the coefficient
    -- date (TNVK), step months and the frame's months; extra cuts only split a stretch.
    SELECT *,
        list_sort(list_distinct(list_filter(
            list_concat(
                rule_months,
                CASE WHEN attr_units IS NOT NULL THEN [start_idx + attr_months] ELSE [] END,
                CASE WHEN tnvk0 > 0 AND rises
                     THEN range(from_idx + ((coef_idx - from_idx) % 12 + 12) % 12, until_idx, 12)
                     ELSE [] END,
                CASE WHEN can_rise AND step_months > 0
                     THEN range(coef_idx + step_months,
                                least(coef_idx + greatest(steps - step0, 0) * step_months,
                                      until_idx - 1) + 1, step_months)
                     ELSE [] END,
                CASE WHEN can_rise AND frame_after IS NOT NULL AND NOT coalesce(tnvk0 > 0, false)
                     THEN range(greatest(last_idx + frame_after, from_idx + ((last_idx + frame_after - from_idx) % 12 + 12) % 12),
                                until_idx, 12)
                     ELSE [] END),
            lambda x: x > from_idx AND x < until_idx))) AS inner_cuts
    FROM bounded
    WHERE arrive_until IS NULL
),
person_stretches AS (
    SELECT * EXCLUDE (bounds, i, rule_months), bounds[i] AS m_idx, bounds[i + 1] AS next_idx
    FROM (
        SELECT * EXCLUDE (inner_cuts), bounds, unnest(range(1, len(bounds))) AS i
        FROM (SELECT *, list_concat([from_idx], inner_cuts, [until_idx]) AS bounds FROM cuts)
    )
),
phases AS (
    -- A newcomer ramp: arrivals in each month a of [from_idx, arrive_until), each at step 1
    -- with coef_idx = a. A newcomer's state depends on its age m − a alone (newcomers have no
    -- TNVK % of their own), and changes at the step ages and the frame's ages: these cut the
    -- ages into phases [age_lo, age_hi). The last phase ends past the oldest age projected.
    SELECT * EXCLUDE (ages, j), ages[j] AS age_lo, ages[j + 1] AS age_hi
    FROM (
        SELECT *, unnest(range(1, len(ages))) AS j
        FROM (
            SELECT *, list_concat([0], list_sort(list_distinct(list_filter(list_concat(
                       CASE WHEN can_rise AND step_months > 0
                            THEN range(step_months, last_idx - coef_idx + 1, step_months)
                            ELSE [] END,
                       CASE WHEN can_rise AND frame_after IS NOT NULL
                            THEN range(last_idx - coef_idx + frame_after, end_idx - from_idx + 1,
                                       12)
                            ELSE [] END),
                   lambda x: x > 0 AND x <= end_idx - from_idx))),
                   [end_idx - from_idx + 1]) AS ages
            FROM bounded
            WHERE arrive_until IS NOT NULL
        )
    )
),
ramp_bounds AS (
    -- Months in phase: from the first arrivals' entry (from_idx + age_lo) to the last
    -- arrivals' exit (arrive_until − 1 + age_hi). The number in phase in month m,
    --   c(m) = least(arrive_until − 1, m − age_lo) − greatest(from_idx, m − age_hi + 1) + 1,
    -- is linear between arrive_until + age_lo and from_idx + age_hi (and the rules periods).
    SELECT *, list_concat([lo], list_sort(list_distinct(list_filter(
                  list_concat(rule_months, [arrive_until + age_lo, from_idx + age_hi]),
                  lambda x: x > lo AND x < hi))), [hi]) AS bounds
    FROM (SELECT *, from_idx + age_lo AS lo,
                 least(arrive_until - 1 + age_hi, until_idx) AS hi
          FROM phases)
    WHERE lo < hi
),
ramp_stretches AS (
    -- c(m) in the stretch's first month and the next: the count is linear over the stretch.
    SELECT * EXCLUDE (c1), CASE WHEN next_idx > m_idx + 1 THEN c1 - c0 ELSE 0 END AS slope
    FROM (
        SELECT *,
            least(arrive_until - 1, m_idx - age_lo)
                - greatest(from_idx, m_idx - age_hi + 1) + 1 AS c0,
            least(arrive_until - 1, m_idx + 1 - age_lo)
                - greatest(from_idx, m_idx + 2 - age_hi) + 1 AS c1
        FROM (
            SELECT * EXCLUDE (bounds, i, rule_months), bounds[i] AS m_idx,
                   bounds[i + 1] AS next_idx
            FROM (SELECT *, unnest(range(1, len(bounds))) AS i FROM ramp_bounds)
        )
    )
),
stretches AS (
    -- Weight α + β × t (t = m − first projected month) over the stretch.
    SELECT * EXCLUDE (from_idx, until_idx, attr_units, attr_months, w0, arrive_until),
        -- Linear while even attrition runs, constant after it.
        CASE WHEN attr_units IS NULL THEN w0
             WHEN m_idx - start_idx + 1 <= attr_months THEN w0 - attr_units
             ELSE w0 - attr_units * attr_months END AS alpha,
        CASE WHEN attr_units IS NOT NULL AND m_idx - start_idx + 1 <= attr_months
             THEN -attr_units ELSE 0 END AS beta
    FROM person_stretches
    UNION ALL BY NAME
    -- The ramp's state in the phase is that of arrivals aged age_lo at m_idx.
    SELECT * EXCLUDE (from_idx, until_idx, attr_units, attr_months, w0, arrive_until, age_lo,
                      age_hi, lo, hi, c0, slope, coef_idx, last_idx, known_idx),
        m_idx - age_lo AS coef_idx, m_idx - age_lo + last_idx - coef_idx AS last_idx,
        m_idx - age_lo AS known_idx,
        w0 * (c0 - slope * (m_idx - start_idx)) AS alpha, w0 * slope AS beta
    FROM ramp_stretches
),
states AS (
    -- The member's state in the stretch's first month (as the month-by-month formulas).
    SELECT
        s.scenario_id, s.is_new, s.unit_key, s.staff_type, s.sig, s.m_idx, s.next_idx,
        s.start_idx, s.end_idx, mo.price_period, mo.base, mo.contrib_rate, mo.bonus_pct,
        s.alpha, s.beta,
        CASE WHEN s.can_rise AND s.m_idx - s.coef_idx >= s.step_months
             THEN s.coef0 + (least(s.step0 + (s.m_idx - s.coef_idx) // s.step_months,
                                   greatest(s.steps, s.step0)) - s.step0) * s.increment
             ELSE s.coef0 END::DECIMAL(18, 6) AS coef_m,
        CASE WHEN s.tnvk0 > 0
             THEN s.tnvk0 + CASE WHEN s.rises AND s.m_idx >= s.coef_idx
                                 THEN (s.m_idx - s.coef_idx) // 12
                                      - greatest(s.known_idx - s.coef_idx, 0) // 12
                                 ELSE 0 END
             WHEN s.can_rise AND s.m_idx - s.last_idx >= s.frame_after
             THEN s.frame_first + (s.m_idx - s.last_idx - s.frame_after) // 12 * s.frame_yearly
             ELSE 0 END::DECIMAL(18, 6) AS tnvk_m,
        -- A position's amount comes before its grade code's.
        coalesce(tp.amount, tg.amount) AS amount_m
    FROM stretches s
    JOIN projection_months mo
        ON mo.scenario_id = s.scenario_id AND mo.staff_type = s.staff_type
       AND mo.m_idx = s.m_idx
    LEFT JOIN tables tp
        ON tp.scenario_id = s.scenario_id AND tp.position = s.position
       AND mo.m_date BETWEEN tp.valid_from AND tp.valid_to
    LEFT JOIN tables tg
        ON tg.scenario_id = s.scenario_id AND tg.grade_code = s.grade_code
       AND mo.m_date BETWEEN tg.valid_from AND tg.valid_to
),
priced AS (
    SELECT
        r.scenario_id, r.unit_key, r.staff_type, r.m_idx, r.next_idx, r.start_idx, r.end_idx,
        r.base, r.contrib_rate, r.bonus_pct, r.alpha, r.beta, r.is_new,
        CASE WHEN p.salary IS NOT NULL THEN 1 ELSE 0 END AS is_priced,
        CASE WHEN r.coef_m IS NULL AND r.amount_m IS NULL THEN 1 ELSE 0 END AS is_unpriced,
        -- 0 only inside the sums: a cell's money is NULL when nobody in it is priced, and the
        -- unpriced person-months are counted beside it (unpriced_u), never hidden.
        coalesce(p.monthly_salary, 0) AS x_salary, coalesce(p.salary, 0) AS x_coef,
        coalesce(p.employer_contrib, 0) AS x_contrib
    FROM states r
    LEFT JOIN projection_prices p
        ON p.price_period = r.price_period AND p.sig = r.sig AND p.tnvk_m = r.tnvk_m
       -- Coefficient prices have no amount; table prices no coefficient.
       AND p.coef_m IS NOT DISTINCT FROM CASE WHEN r.amount_m IS NULL THEN r.coef_m END
       AND p.amount IS NOT DISTINCT FROM r.amount_m
),
pieces AS (
    -- Each stretch's months [p0, p1) within one year. Over n months its weight α + β × t
    -- (t = m − first projected month) sums to α × n + β × Σt, Σt = n × t0 + n(n − 1)/2.
    SELECT *, p1 - p0 AS n, p0 - start_idx AS t0,
        ((p1 - p0) * alpha + beta * ((p1 - p0) * (p0 - start_idx)
                                     + (p1 - p0) * (p1 - p0 - 1) // 2))::HUGEINT AS w_sum
    FROM (
        SELECT r.*, y.year, greatest(r.m_idx, y.year * 12) AS p0,
               least(r.next_idx, y.year * 12 + 12) AS p1
        FROM priced r
        CROSS JOIN LATERAL range(r.m_idx // 12, (r.next_idx - 1) // 12 + 1) AS y(year)
    )
),
years AS (
    -- Per year × unit × staff type (projection.sql, projection_effects.sql): sums over the
    -- pieces; money only over priced members, NULL when none is priced (contributions also
    -- when the month's rate is unknown).
    SELECT
        'year' AS grain, scenario_id, year, NULL::BIGINT AS m_idx, unit_key, staff_type,
        -- The headcount in the year's first and last projected month.
        sum(alpha + beta * t0) FILTER (WHERE p0 = greatest(start_idx, year * 12)) AS hc_start_u,
        sum(alpha + beta * (t0 + n - 1))
            FILTER (WHERE p1 - 1 = least(end_idx, (year + 1) * 12 - 1)) AS hc_end_u,
        sum(w_sum) AS headcount_u,
        sum(is_new * w_sum) AS newcomers_u,
        sum(w_sum * x_salary) FILTER (WHERE is_priced = 1) AS salary_u,
        -- The bonus fund: the bonus share × the coefficient salaries (no allowances).
        round(sum(bonus_pct * w_sum * x_coef) FILTER (WHERE is_priced = 1)) AS bonus_u,
        sum(w_sum * x_contrib) FILTER (WHERE is_priced = 1 AND contrib_rate IS NOT NULL)
            AS contrib_u,
        sum(w_sum) FILTER (WHERE is_priced = 1) AS priced_u,
        -- Everyone priced in a month is priced at its base salary.
        sum(w_sum * base) FILTER (WHERE is_priced = 1) AS base_u,
        sum(is_unpriced * w_sum) AS unpriced_u
    FROM pieces
    GROUP BY scenario_id, year, unit_key, staff_type
),
deltas AS (
    -- Per staff type, every unit together: +1 from the stretch's first month, −1 from its
    -- end (when that is projected).
    SELECT
        scenario_id, staff_type, mi,
        sum(sign) AS n_all, sum(sign * is_priced) AS n_priced,
        sum(sign * alpha) AS a_w, sum(sign * beta) AS b_w,
        sum(sign * is_new * alpha) AS a_new, sum(sign * is_new * beta) AS b_new,
        sum(sign * alpha * x_salary) AS a_salary, sum(sign * beta * x_salary) AS b_salary,
        sum(sign * alpha * x_coef) AS a_coef, sum(sign * beta * x_coef) AS b_coef,
        sum(sign * alpha * x_contrib) AS a_contrib, sum(sign * beta * x_contrib) AS b_contrib,
        sum(sign * is_priced * alpha) AS a_priced, sum(sign * is_priced * beta) AS b_priced,
        sum(sign * is_unpriced * alpha) AS a_unpriced,
        sum(sign * is_unpriced * beta) AS b_unpriced
    FROM (
        -- Both ends of each stretch from one pass over it (priced is not kept in between).
        SELECT * EXCLUDE (e), e.mi, e.sign
        FROM (SELECT *, unnest([{'mi': m_idx, 'sign': 1}, {'mi': next_idx, 'sign': -1}]) AS e
              FROM priced)
        WHERE e.mi <= end_idx
    )
    GROUP BY scenario_id, staff_type, mi
),
running AS (
    -- From each change month to the next: the sums in force, a + b × t in month m.
    SELECT
        d.scenario_id, d.staff_type, d.mi,
        coalesce(lead(d.mi) OVER w, sc.end_idx + 1) AS next_mi, sc.start_idx,
        sum(n_all) OVER w AS n_all, sum(n_priced) OVER w AS n_priced,
        sum(a_w) OVER w AS a_w, sum(b_w) OVER w AS b_w,
        sum(a_new) OVER w AS a_new, sum(b_new) OVER w AS b_new,
        sum(a_salary) OVER w AS a_salary, sum(b_salary) OVER w AS b_salary,
        sum(a_coef) OVER w AS a_coef, sum(b_coef) OVER w AS b_coef,
        sum(a_contrib) OVER w AS a_contrib, sum(b_contrib) OVER w AS b_contrib,
        sum(a_priced) OVER w AS a_priced, sum(b_priced) OVER w AS b_priced,
        sum(a_unpriced) OVER w AS a_unpriced, sum(b_unpriced) OVER w AS b_unpriced
    FROM deltas d
    JOIN pj_scenario sc USING (scenario_id)
    WINDOW w AS (PARTITION BY d.scenario_id, d.staff_type ORDER BY d.mi
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
months AS (
    -- Per month × staff type (projection_monthly.sql). Nobody paid: no cell.
    SELECT
        'month' AS grain, r.scenario_id, NULL::BIGINT AS year, r.m_idx, NULL::BIGINT AS unit_key,
        r.staff_type,
        (r.a_w + r.b_w * (r.m_idx - r.start_idx))::HUGEINT AS headcount_u,
        (r.a_new + r.b_new * (r.m_idx - r.start_idx))::HUGEINT AS newcomers_u,
        CASE WHEN r.n_priced > 0
             THEN (r.a_salary + r.b_salary * (r.m_idx - r.start_idx))::HUGEINT END AS salary_u,
        CASE WHEN r.n_priced > 0
             THEN round(mo.bonus_pct
                        * (r.a_coef + r.b_coef * (r.m_idx - r.start_idx))::HUGEINT)::HUGEINT
        END AS bonus_u,
        CASE WHEN r.n_priced > 0 AND mo.contrib_rate IS NOT NULL
             THEN (r.a_contrib + r.b_contrib * (r.m_idx - r.start_idx))::HUGEINT END AS contrib_u,
        CASE WHEN r.n_priced > 0
             THEN (r.a_priced + r.b_priced * (r.m_idx - r.start_idx))::HUGEINT END AS priced_u,
        CASE WHEN r.n_priced > 0
             THEN (r.a_priced + r.b_priced * (r.m_idx - r.start_idx))::HUGEINT * mo.base
        END AS base_u,
        (r.a_unpriced + r.b_unpriced * (r.m_idx - r.start_idx))::HUGEINT AS unpriced_u
    FROM (SELECT *, unnest(range(mi, next_mi)) AS m_idx FROM running) r
    JOIN projection_months mo
        ON mo.scenario_id = r.scenario_id AND mo.staff_type = r.staff_type
       AND mo.m_idx = r.m_idx
    WHERE r.n_all > 0
)
-- Grain 'year' per year × unit × staff type, grain 'month' per month × staff type: no table
-- per unit and month is kept.
SELECT
    grain, scenario_id, year, m_idx, unit_key, staff_type,
    hc_start_u::HUGEINT AS hc_start_u, hc_end_u::HUGEINT AS hc_end_u,
    headcount_u::HUGEINT AS headcount_u, newcomers_u::HUGEINT AS newcomers_u,
    salary_u::HUGEINT AS salary_u, bonus_u::HUGEINT AS bonus_u,
    contrib_u::HUGEINT AS contrib_u, priced_u::HUGEINT AS priced_u,
    base_u::HUGEINT AS base_u, unpriced_u::HUGEINT AS unpriced_u
FROM years
UNION ALL BY NAME
SELECT * FROM months
