-- Per unit: the target and what covers it (unit_targets.sql), then the proposals on legal
-- grounds that fill the gap and the part of the target that current grounds cannot cover
-- (`remaining_gap`: stated, never filled with people who meet no ground). Payouts: the
-- one-off cost is NULL while any proposed person's payout lacks an input (`payouts_unknown`
-- says how many); `one_off_cost_known` adds the payouts that are known. The annual saving is
-- NULL while any proposed person's saving is unknown (their salary is not computed).
WITH c AS (
    SELECT agency, unit,
           count(*) FILTER (WHERE proposed)::INTEGER AS proposed,
           count(*) FILTER (WHERE counts_toward_gap)::INTEGER AS proposed_toward_gap
    FROM candidates GROUP BY agency, unit
),
p AS (
    SELECT agency, unit,
           CASE WHEN count(total) = 0 THEN 0 ELSE sum(total) END::BIGINT AS known_cost,
           sum(annual_saving)::BIGINT AS annual_saving,
           (count(*) - count(total))::INTEGER AS unknown,
           (count(*) - count(annual_saving))::INTEGER AS saving_unknown
    FROM payouts GROUP BY agency, unit
)
SELECT
    t.* EXCLUDE (first_person),
    CASE WHEN c.unit IS NULL THEN 0 ELSE c.proposed END::INTEGER AS proposed,
    CASE WHEN c.unit IS NULL THEN 0 ELSE c.proposed_toward_gap END::INTEGER
        AS proposed_toward_gap,
    greatest(t.gap - CASE WHEN c.unit IS NULL THEN 0 ELSE c.proposed_toward_gap END, 0)
        ::INTEGER AS remaining_gap,
    -- No payout in the unit is a true zero; an unknown payout leaves the total unknown.
    CASE WHEN p.unit IS NULL THEN 0 WHEN p.unknown = 0 THEN p.known_cost END::BIGINT
        AS one_off_cost,
    CASE WHEN p.unit IS NULL THEN 0 ELSE p.known_cost END::BIGINT AS one_off_cost_known,
    CASE WHEN p.unit IS NULL THEN 0 ELSE p.unknown END::INTEGER AS payouts_unknown,
    CASE WHEN p.unit IS NULL THEN 0 WHEN p.saving_unknown = 0 THEN p.annual_saving END::BIGINT
        AS annual_saving
FROM unit_targets t
LEFT JOIN c ON c.agency = t.agency AND c.unit IS NOT DISTINCT FROM t.unit
LEFT JOIN p ON p.agency = t.agency AND p.unit IS NOT DISTINCT FROM t.unit
ORDER BY t.first_person
