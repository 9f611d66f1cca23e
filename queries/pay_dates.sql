-- The dates on which each person's monthly salary is priced (pay.sql): the salary date of
-- every scenario (basis 'scenario'), and for the main scenario the leave date that payouts
-- use (basis 'leave': S is the salary at the base salary in force when the person leaves).
SELECT sc.scenario_id, 'scenario' AS basis, s.person_id, sc.salary_on AS on_date
FROM staff s
CROSS JOIN scenario sc
UNION ALL
SELECT sc.scenario_id, 'leave' AS basis, l.person_id, l.leave_on AS on_date
FROM leave_dates l
CROSS JOIN scenario sc
WHERE sc.is_main
