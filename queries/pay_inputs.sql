-- Per person, everything the monthly salary depends on, as one value. A view (never stored):
-- pay_prices.sql prices each distinct value once — people share a few hundred of them — and
-- pay_rows.sql finds everyone's by one equality join (struct fields compare NULL to NULL as
-- equal).
-- The staff type priced (and shown in people.sql) is the one the contract makes: a labour
-- contract (HĐLĐ, Decree 111/2022) is `contract` and a commune part-timer (KCT)
-- `commune_parttime` whatever the staff-type column says; a public employee's working
-- contract (HĐLV, Law on Public Employees) makes an untyped person a `public_employee`.
SELECT
    s.person_id,
    {'staff_type': CASE s.contract_type
                       WHEN 'labour_contract' THEN 'contract'
                       WHEN 'part_time' THEN 'commune_parttime'
                       WHEN 'working_contract' THEN coalesce(s.staff_type, 'public_employee')
                       ELSE s.staff_type
                   END,
     'coef': s.coef, 'lead_coef': s.lead_coef, 'tnvk_pct': s.tnvk_pct,
     'region_coef': s.region_coef, 'resp_coef': s.resp_coef, 'pref_pct': s.pref_pct,
     'prof_seniority_pct': s.prof_seniority_pct, 'party_pct': s.party_pct,
     'reserved_coef': s.reserved_coef} AS inputs
FROM staff s
