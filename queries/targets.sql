-- Per unit: the target and natural retirements (unit_targets.sql), then the proposals that fill
-- the gap, the remaining gap, the one-off cost of the payouts and the annual saving.
WITH c AS (
    SELECT unit,
           count(*) FILTER (WHERE proposed)::INTEGER AS proposed,
           count(*) FILTER (WHERE counts_toward_gap)::INTEGER AS proposed_toward_gap
    FROM candidates GROUP BY unit
),
p AS (
    SELECT unit, sum(total)::BIGINT AS one_off_cost, sum(annual_saving)::BIGINT AS annual_saving
    FROM payouts GROUP BY unit
)
SELECT
    t.*,
    coalesce(c.proposed, 0) AS proposed,
    coalesce(c.proposed_toward_gap, 0) AS proposed_toward_gap,
    greatest(t.gap - coalesce(c.proposed_toward_gap, 0), 0)::INTEGER AS remaining_gap,
    coalesce(p.one_off_cost, 0)::BIGINT AS one_off_cost,
    coalesce(p.annual_saving, 0)::BIGINT AS annual_saving
FROM unit_targets t
LEFT JOIN c ON c.unit IS NOT DISTINCT FROM t.unit
LEFT JOIN p ON p.unit IS NOT DISTINCT FROM t.unit
ORDER BY t.rowid
