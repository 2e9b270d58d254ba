-- Events on the map: one row per place and event type, at the place's coordinates, with the
-- events and killed (best) there. place_type says how precise the point is: a city or facility
-- is the spot; an admin1 or region is its centre; a country's centre says nothing of where, so
-- the map leaves those out and says how many.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
)
SELECT
    p.place_id,
    p.name                           AS place_name,
    p.place_type,
    p.country_code,
    p.admin1_name,
    p.longitude,
    p.latitude,
    e.event_type,
    count(*)                         AS events,
    coalesce(sum(e.killed_best), 0)  AS killed
FROM events e
JOIN stories USING (article_id)
JOIN places p ON p.place_id = e.place_id
WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL
GROUP BY ALL
ORDER BY killed DESC, events DESC, place_name;
