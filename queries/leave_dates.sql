-- Each person's leave date: as given, else the end of the month after the main scenario's
-- as-of date (a stated default, noted on the payout). The salary S is priced on this date
-- (pay_dates.sql, basis 'leave').
SELECT
    s.person_id,
    coalesce(s.leave_date, last_day(r.as_of + INTERVAL 1 MONTH))::DATE AS leave_on,
    s.leave_date IS NULL AS leave_defaulted
FROM staff s
CROSS JOIN (SELECT as_of FROM scenario WHERE is_main) r
