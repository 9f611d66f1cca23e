-- Each person's leave date: as given, else the end of the month after the as-of date (a
-- stated default, noted on the payout). The salary S is computed at the base salary in force
-- on this date (streamlining.py runs people.sql once per base salary needed).
SELECT
    person_id,
    coalesce(leave_date, last_day($as_of::DATE + INTERVAL 1 MONTH))::DATE AS leave_on,
    leave_date IS NULL AS leave_defaulted
FROM staff
