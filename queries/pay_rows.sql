-- Each row of pay_dates (person × scenario or leave date) with the number of its pay-input
-- combination (pay_prices.sql): the one join on the inputs is over the people here, and pay.sql
-- joins the prices on integers.
SELECT d.scenario_id, d.basis, d.person_id, d.on_date, c.combo
FROM pay_dates d
JOIN pay_inputs s USING (person_id)
JOIN (SELECT DISTINCT inputs, combo FROM pay_prices) c USING (inputs)
