-- Events by governorate (admin1) and ACLED event type, for the governorates with the most
-- events (the top $top). Events placed at a country or a region wider than one governorate, or
-- nowhere, come back counted in rows with admin1_name NULL and their place_level.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
), placed AS (
    SELECT
        e.event_type,
        e.killed_best,
        p.admin1_name,
        p.country_code,
        CASE WHEN p.place_id IS NULL THEN 'no place'
             WHEN p.admin1_name IS NULL THEN 'no governorate'
             ELSE 'governorate' END AS place_level
    FROM events e
    JOIN stories USING (article_id)
    LEFT JOIN places p ON p.place_id = e.place_id
), top_admin1 AS (
    SELECT admin1_name, country_code, count(*) AS events
    FROM placed WHERE place_level = 'governorate'
    GROUP BY ALL
    ORDER BY events DESC, admin1_name
    LIMIT $top
)
SELECT
    t.admin1_name,
    t.country_code,
    pl.event_type,
    count(*)                        AS events,
    coalesce(sum(pl.killed_best), 0) AS killed,
    'governorate'                   AS place_level
FROM placed pl
JOIN top_admin1 t USING (admin1_name, country_code)
GROUP BY ALL
UNION ALL
SELECT NULL, NULL, NULL, count(*), coalesce(sum(killed_best), 0), place_level
FROM placed
WHERE place_level <> 'governorate'
GROUP BY place_level
ORDER BY place_level, admin1_name, event_type;
