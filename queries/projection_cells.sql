-- The monthly sums of pay and the one-off costs, per scenario × month × unit key × staff type,
-- in weight units (1 / $weight_scale of a person): the one source of projection.sql (years),
-- projection_monthly.sql (months) and projection_effects.sql. A cell with pay and one-off
-- costs is two rows here; every reader sums them by its own key, so no join is needed.
SELECT * FROM projection_pay
UNION ALL BY NAME
SELECT * FROM projection_one_off
