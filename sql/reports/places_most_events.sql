-- Places with the most events, with coordinates for a map.
SELECT
    p.name,
    p.place_type,
    p.admin1_name,
    p.country_code,
    p.latitude,
    p.longitude,
    count(*)                          AS events,
    count(*) FILTER (WHERE e.is_primary) AS primary_events,
    sum(e.killed_best)                AS killed_best
FROM events e
JOIN places p USING (place_id)
GROUP BY ALL
ORDER BY events DESC, killed_best DESC NULLS LAST
LIMIT 100;
