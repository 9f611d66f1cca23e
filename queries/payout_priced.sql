-- The payout inputs of the people whose routes are priced: those grounds.sql lets us propose
-- (the payout command lists its own). Everyone else is never proposed, and pricing every
-- route of a national list was 4.9 M rows for 35,000 choices.
SELECT i.* FROM payout_input i WHERE i.person_id IN (SELECT person_id FROM grounds)
