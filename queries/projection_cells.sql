-- The pay cells (projection_pay.sql: grain 'year' per year × unit × staff type, 'month' per
-- month × staff type) and the one-off costs of each leave month (grain 'one_off', with its
-- year, unit and staff type), in weight units (1 / $weight_scale of a person): the one source
-- of projection.sql and projection_effects.sql (years) and projection_monthly.sql (months).
-- Each reader takes one grain of pay with the one-off rows and sums them by its own key.
SELECT * FROM projection_pay
UNION ALL BY NAME
SELECT *, 'one_off' AS grain, m_idx // 12 AS year FROM projection_one_off
