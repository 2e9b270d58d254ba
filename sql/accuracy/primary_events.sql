-- bench/accuracy.py: each article's primary event (article_summary) with its place's coordinates.
SELECT
    s.article_id,
    s.event_type,
    s.sub_event_type,
    s.event_date,
    s.place_name,
    s.admin1_name,
    s.country_code,
    s.actor1_name,
    s.killed_low,
    s.killed_best,
    s.killed_high,
    p.latitude,
    p.longitude
FROM article_summary s
LEFT JOIN events e ON e.event_id = s.event_id
LEFT JOIN places p ON p.place_id = e.place_id
