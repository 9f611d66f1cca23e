-- The merger in one row: files merged, people, the quota before and after, the surplus
-- (positions over the new quota; NULL when no quota is known), duplicate heads and excess deputies, the surplus holders
-- selected and their payouts (NULL one-off cost while a selected payout is unknown), and
-- the yearly salary fund (salaries, bonus, employer contributions, union fee: fund.sql)
-- before the merger and after the selected people leave (minus their yearly saving).
WITH pos AS (
    SELECT
        CASE WHEN count(quota_before) > 0 THEN sum(quota_before) END AS quota_before,
        CASE WHEN count(quota_after) = count(*) THEN sum(quota_after) END AS quota_after,
        sum(surplus) AS surplus,
        sum(unresolved) AS unresolved
    FROM merge_positions
),
lead AS (
    SELECT sum(excess) FILTER (WHERE NOT deputy) AS duplicate_heads,
           sum(excess) FILTER (WHERE deputy) AS excess_deputies,
           count(*) FILTER (WHERE deputy AND limit_value IS NULL) AS deputy_limits_unknown
    FROM merge_leadership
),
sel AS (
    SELECT count(*) FILTER (WHERE selected) AS selected,
           count(*) FILTER (WHERE selected AND payout_total IS NULL) AS payouts_unknown,
           sum(payout_total) FILTER (WHERE selected) AS cost_known,
           sum(annual_saving) FILTER (WHERE selected) AS saving
    FROM merge_candidates
),
f AS (SELECT sum(yearly_total) AS yearly_total, sum(headcount) AS headcount FROM fund)
SELECT
    $into AS merged_unit,
    (SELECT count(DISTINCT source_file) FROM merged_from)::INTEGER AS units_merged,
    f.headcount::BIGINT AS people,
    pos.quota_before::INTEGER AS quota_before,
    pos.quota_after::INTEGER AS quota_after,
    pos.surplus::INTEGER AS surplus,
    coalesce(lead.duplicate_heads, 0)::INTEGER AS duplicate_heads,
    coalesce(lead.excess_deputies, 0)::INTEGER AS excess_deputies,
    lead.deputy_limits_unknown::INTEGER AS deputy_limits_unknown,
    sel.selected::INTEGER AS selected,
    pos.unresolved::INTEGER AS unresolved,
    CASE WHEN sel.payouts_unknown = 0 THEN coalesce(sel.cost_known, 0) END::BIGINT
        AS one_off_cost,
    coalesce(sel.cost_known, 0)::BIGINT AS one_off_cost_known,
    sel.payouts_unknown::INTEGER AS payouts_unknown,
    f.yearly_total::BIGINT AS yearly_total_before,
    (f.yearly_total - coalesce(sel.saving, 0))::BIGINT AS yearly_total_after,
    coalesce(sel.saving, 0)::BIGINT AS yearly_saving
FROM f, pos, lead, sel
