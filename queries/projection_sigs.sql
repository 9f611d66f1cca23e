-- Small integer keys (sig) for the allowances that price a salary besides step and TNVK, one
-- per distinct combination among the people and the newcomers (who keep only the regional
-- allowance); projection_prices.sql prices each sig once, and the members carry the key alone.
WITH combos AS (
    SELECT staff_type, lead_coef::DECIMAL(18, 6) AS lead_coef,
           region_coef::DECIMAL(18, 6) AS region_coef, resp_coef::DECIMAL(18, 6) AS resp_coef,
           pref_pct::DECIMAL(18, 6) AS pref_pct,
           prof_seniority_pct::DECIMAL(18, 6) AS prof_seniority_pct,
           party_pct::DECIMAL(18, 6) AS party_pct, reserved_coef::DECIMAL(18, 6) AS reserved_coef
    FROM people
    UNION
    SELECT staff_type, NULL, region_coef::DECIMAL(18, 6), NULL, NULL, NULL, NULL, NULL
    FROM projection_newcomers
)
SELECT
    row_number() OVER (ORDER BY staff_type, lead_coef, region_coef, resp_coef, pref_pct,
                                prof_seniority_pct, party_pct, reserved_coef) AS sig,
    *
FROM combos
