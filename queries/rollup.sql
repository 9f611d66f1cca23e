-- The unit tree with one row per node and its roll-up: agency (root) → unit → sub-unit.
-- A person's branch is: the root (the agency folder the file was imported from — a folder
-- per agency —, else the input file itself, the agency of every other table), then the
-- nested section names of the staff sheet (`unit_path`, outermost first) when the importer
-- gives them, else the unit's chain of parents from the units sheet (units sheets and
-- section nesting), else the unit alone. Same-named units under one root are one node;
-- under different roots they stay apart.
-- A unit-level row (targets, fund, positions) belongs to its unit's branch (the branch most of
-- the unit's people have; a unit with nobody, e.g. a listed position's unit, takes its chain).
-- Every node = its own unit's rows + every node below it, so a node with no people of its
-- own is exactly the sum of its children. Targets: a node's target is the sum of its units'
-- shares of their agency's one target (unit_targets: ⌈rate × in-scope⌉ per input file,
-- shared by largest remainder), so a root over several files adds their file targets.
-- Unknown stays unknown: the quota is NULL unless every position below has one, the one-off
-- cost NULL while a payout below lacks an input (payouts_unknown counts them). A count
-- missing from a table at a node means nobody there: a true 0 (a node with no target row
-- has no people), never an unknown input.
WITH RECURSIVE unit_parent AS (
    SELECT agency, unit, any_value(parent) AS parent
    FROM units WHERE unit IS NOT NULL GROUP BY ALL
),
chain AS (
    SELECT agency, unit, parent AS top, [unit] AS segs FROM unit_parent
    UNION ALL
    SELECT c.agency, c.unit, u.parent, list_prepend(u.unit, c.segs)
    FROM chain c
    JOIN unit_parent u ON u.agency = c.agency AND lower(trim(u.unit)) = lower(trim(c.top))
    WHERE NOT list_contains(c.segs, u.unit)  -- a parent cycle ends the chain
),
-- A unit is found by its name whatever its case and surrounding spaces ("VĂN PHÒNG" as a
-- section of the staff list, "Văn phòng" in the job-position list), as position_match.sql
-- matches them: `ukey`.
unit_chain AS (
    SELECT agency, lower(trim(unit)) AS ukey, arg_max(segs, len(segs)) AS segs
    FROM chain GROUP BY ALL
),
members AS (
    -- People grouped by what places them: agency, root, unit and nested unit path.
    SELECT p.agency, coalesce(r.root, p.agency) AS root, p.unit, r.unit_path,
           count(*) AS n, min(p.person_id) AS first
    FROM people p JOIN unit_roots r USING (person_id)
    GROUP BY ALL
),
file_root AS (SELECT agency, any_value(root) AS root FROM members GROUP BY agency),
member_branch AS (
    SELECT
        m.agency, m.unit, m.n, m.first,
        CASE
            WHEN m.unit_path IS NOT NULL THEN
                CASE WHEN m.unit IS NULL
                          OR list_last(string_split(m.unit_path, ' > ')) = m.unit
                     THEN string_split(m.unit_path, ' > ')
                     ELSE list_append(string_split(m.unit_path, ' > '), m.unit) END
            WHEN m.unit IS NULL THEN []::VARCHAR[]
            ELSE coalesce(c.segs, [m.unit])
        END AS segs
    FROM members m
    LEFT JOIN unit_chain c ON c.agency = m.agency AND c.ukey = lower(trim(m.unit))
),
unit_branch AS (
    SELECT agency, ukey, segs
    FROM (SELECT agency, lower(trim(unit)) AS ukey, segs, sum(n) AS n, min(first) AS first
          FROM member_branch GROUP BY ALL)
    QUALIFY row_number() OVER (PARTITION BY agency, ukey ORDER BY n DESC, first) = 1
),
measures AS (
    SELECT agency, unit,
           baseline, target, retiring_by_horizon, retiring_counted, gap, proposed,
           proposed_toward_gap, remaining_gap, one_off_cost, one_off_cost_known,
           payouts_unknown, annual_saving,
           NULL::BIGINT AS headcount, NULL::BIGINT AS people_without_salary,
           NULL::BIGINT AS monthly_fund, NULL::BIGINT AS yearly_total,
           NULL::BIGINT AS yearly_total_newest,
           NULL::INTEGER AS quota, NULL::INTEGER AS positions, NULL::INTEGER AS surplus,
           NULL::INTEGER AS vacancies, 'targets' AS src
    FROM targets
    UNION ALL
    SELECT agency, unit, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           sum(headcount), sum(people_without_salary), sum(monthly_fund), sum(yearly_total),
           sum(yearly_total_newest), NULL, NULL, NULL, NULL, 'fund'
    FROM fund GROUP BY agency, unit
    UNION ALL
    SELECT agency, unit, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           NULL, NULL, NULL, NULL, NULL,
           CASE WHEN count(quota) = count(*) THEN sum(quota) END, count(*), sum(surplus),
           sum(vacancies), 'positions'
    FROM positions GROUP BY agency, unit
),
placed AS (
    -- Each row's branch: its unit's, else its chain, else the unit alone; under the root.
    SELECT m.*,
           list_prepend(f.root, coalesce(b.segs, c.segs,
               CASE WHEN m.unit IS NULL THEN []::VARCHAR[] ELSE [m.unit] END)) AS branch
    FROM measures m
    JOIN file_root f ON f.agency = m.agency
    LEFT JOIN unit_branch b
        ON b.agency = m.agency AND b.ukey IS NOT DISTINCT FROM lower(trim(m.unit))
    LEFT JOIN unit_chain c ON c.agency = m.agency AND c.ukey = lower(trim(m.unit))
),
exploded AS (
    SELECT p.*, p.branch[1:k] AS node
    FROM placed p, range(1, len(p.branch) + 1) AS r(k)
)
SELECT
    array_to_string(node, ' > ') AS node_path,
    len(node)::INTEGER AS level,
    list_last(node) AS node_name,
    CASE WHEN len(node) > 1 THEN array_to_string(node[1:len(node) - 1], ' > ') END
        AS parent_path,
    coalesce(sum(headcount), 0)::INTEGER AS headcount,
    coalesce(sum(people_without_salary), 0)::INTEGER AS people_without_salary,
    coalesce(sum(baseline), 0)::INTEGER AS in_scope,
    CASE WHEN count(positions) > 0 AND count(quota) = count(positions) THEN sum(quota) END
        ::INTEGER AS quota,
    -- Surplus and vacancies as the quota: unknown while a position below has no quota (0
    -- where no position is held or listed).
    CASE WHEN count(quota) = count(positions) THEN coalesce(sum(surplus), 0) END
        ::INTEGER AS surplus,
    CASE WHEN count(quota) = count(positions) THEN coalesce(sum(vacancies), 0) END
        ::INTEGER AS vacancies,
    coalesce(sum(target), 0)::INTEGER AS target,
    coalesce(sum(retiring_by_horizon), 0)::INTEGER AS retiring_by_horizon,
    coalesce(sum(retiring_counted), 0)::INTEGER AS retiring_counted,
    coalesce(sum(gap), 0)::INTEGER AS gap,
    coalesce(sum(proposed), 0)::INTEGER AS proposed,
    coalesce(sum(proposed_toward_gap), 0)::INTEGER AS proposed_toward_gap,
    coalesce(sum(remaining_gap), 0)::INTEGER AS remaining_gap,
    -- The fund of the people whose salary is known (as fund.sql); NULL when nobody's is,
    -- 0 when nobody is there.
    CASE WHEN count(monthly_fund) > 0 THEN sum(monthly_fund)
         WHEN coalesce(sum(headcount), 0) = 0 THEN 0 END::BIGINT AS monthly_fund,
    CASE WHEN count(yearly_total) > 0 THEN sum(yearly_total)
         WHEN coalesce(sum(headcount), 0) = 0 THEN 0 END::BIGINT AS yearly_total,
    CASE WHEN count(yearly_total_newest) > 0 THEN sum(yearly_total_newest)
         WHEN coalesce(sum(headcount), 0) = 0 THEN 0 END::BIGINT AS yearly_total_newest,
    CASE WHEN coalesce(sum(payouts_unknown), 0) = 0
         THEN coalesce(sum(one_off_cost_known), 0) END::BIGINT AS one_off_cost,
    coalesce(sum(one_off_cost_known), 0)::BIGINT AS one_off_cost_known,
    coalesce(sum(payouts_unknown), 0)::INTEGER AS payouts_unknown,
    coalesce(sum(annual_saving), 0)::BIGINT AS annual_saving
FROM exploded
GROUP BY node
ORDER BY node
