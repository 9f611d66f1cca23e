-- One-off costs: the payout of each person the proposal list has leave (reduction mode
-- "proposals"), in the month they stop being paid, when that month is projected. An unknown
-- payout (an input is missing) is counted, never taken as 0.
SELECT
    pp.scenario_id, pp.stop_idx AS m_idx, u.unit_key, pp.staff_type,
    sum(l.one_off) AS one_off_known,
    count(*) FILTER (WHERE l.one_off IS NULL) AS one_off_unknown
FROM projection_people pp
JOIN pj_scenario sc USING (scenario_id)
JOIN pj_proposals l USING (scenario_id, person_id)
JOIN projection_units u
    ON u.agency IS NOT DISTINCT FROM pp.agency AND u.unit IS NOT DISTINCT FROM pp.unit
WHERE pp.stop_kind = 'reduction' AND pp.stop_idx BETWEEN sc.start_idx AND sc.end_idx
GROUP BY ALL
