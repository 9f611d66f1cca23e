-- Leadership posts of the merged unit: per unit and title, the people holding it. A head's
-- title (a title of the leadership-allowance table whose first word is not a deputy word)
-- is one post, held by one person: a second holder is a duplicate (two chairs). Deputies (titles whose first
-- word is a deputy word, p_series.deputy_title_prefixes) are limited by the maximum
-- deputies of the unit's kind (p_org_max_deputies, by its payroll of cadres and civil
-- servants in scope); a unit whose kind no units sheet gives takes --kind. No rule for the kind: the limit is
-- NULL (unknown), never invented. Excess deputies after a reorganisation may stay up to 5
-- years (law.md §4): the excess is shown, not proposed.
WITH sc AS (SELECT as_of FROM scenario WHERE is_main),
rules AS (
    SELECT string_split(k.deputy_title_prefixes, ',') AS deputy_words
    FROM sc JOIN p_series k ON sc.as_of BETWEEN k.valid_from AND k.valid_to
),
heads AS (
    SELECT DISTINCT lower(strip_accents(trim(title))) AS tkey FROM p_leadership_allowance
),
kinds AS (
    SELECT unit, any_value(unit_kind) AS unit_kind FROM units WHERE unit IS NOT NULL GROUP BY ALL
),
folded AS (
    SELECT p.unit, p.title, p.person_id,
           regexp_replace(lower(strip_accents(trim(p.title))), '\s+', ' ', 'g') AS tkey,
           list_contains(r.deputy_words,
                         split_part(lower(strip_accents(trim(p.title))), ' ', 1)) AS deputy
    FROM people p CROSS JOIN rules r
    WHERE p.title IS NOT NULL
),
leaders AS (
    -- The post a title names: the longest head title it is or starts with ("Chủ tịch UBND
    -- xã" is the chair), after the deputy word for a deputy; a deputy whose remainder names
    -- no head title keeps its own title.
    SELECT f.unit, f.title, f.person_id,
           CASE WHEN f.deputy THEN 'deputy' WHEN h.tkey IS NOT NULL THEN 'head' END AS post,
           CASE WHEN f.deputy
                THEN split_part(f.tkey, ' ', 1) || ' '
                     || coalesce(h.tkey, substr(f.tkey, strpos(f.tkey, ' ') + 1))
                ELSE h.tkey END AS post_key
    FROM folded f
    LEFT JOIN heads h
        ON (CASE WHEN f.deputy THEN substr(f.tkey, strpos(f.tkey, ' ') + 1) ELSE f.tkey END)
           IN (h.tkey)
        OR starts_with(CASE WHEN f.deputy THEN substr(f.tkey, strpos(f.tkey, ' ') + 1)
                            ELSE f.tkey END, h.tkey || ' ')
    QUALIFY row_number() OVER (PARTITION BY f.person_id ORDER BY len(h.tkey) DESC NULLS LAST)
            = 1
),
payroll AS (
    SELECT unit, count(*) FILTER (WHERE in_scope AND staff_type IN ('cadre', 'civil_servant'))
               AS payroll
    FROM people GROUP BY ALL
),
posts AS (
    SELECT unit, any_value(title ORDER BY person_id) AS title, post,
           count(*)::INTEGER AS present,
           string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS from_files
    FROM leaders l
    JOIN (SELECT person_id, source_file FROM merged_from) f USING (person_id)
    WHERE post IS NOT NULL
    GROUP BY unit, post_key, post
)
SELECT
    ps.unit, ps.title, ps.post = 'deputy' AS deputy, ps.present,
    CASE WHEN ps.post = 'head' THEN 1 ELSE d.max_deputies END::INTEGER AS limit_value,
    CASE WHEN ps.post = 'head' THEN greatest(ps.present - 1, 0)
         WHEN d.max_deputies IS NOT NULL THEN greatest(ps.present - d.max_deputies, 0)
    END::INTEGER AS excess,
    CASE WHEN ps.post = 'deputy' THEN d.source END AS source,
    ps.from_files
FROM posts ps
CROSS JOIN sc
LEFT JOIN kinds k ON k.unit = ps.unit
LEFT JOIN payroll pr ON pr.unit IS NOT DISTINCT FROM ps.unit
LEFT JOIN p_org_max_deputies d
    ON ps.post = 'deputy'
   AND d.unit_kind = coalesce(k.unit_kind, $kind)
   AND d.measure = 'staff'
   AND coalesce(pr.payroll, 0) BETWEEN d.from_staff AND d.to_staff
   AND sc.as_of BETWEEN d.valid_from AND d.valid_to
ORDER BY ps.unit NULLS FIRST, ps.post = 'deputy', ps.title
