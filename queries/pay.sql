-- Monthly salary by component (law.md §1) for every row of pay_dates: each person's row of
-- pay_prices.sql, the price of their pay inputs on that date — exact, whole đồng, computed once
-- per combination and date, never per person. A view (never stored): 7.4 M rows of 20 columns
-- nationally would be held only to be read by three steps, each of which reads a few columns.
-- A person whose date has no rules in force (p_series) has no row.
SELECT r.scenario_id, r.basis, r.person_id, r.on_date, p.* EXCLUDE (on_date, combo, inputs)
FROM pay_rows r
JOIN pay_prices p USING (on_date, combo)
