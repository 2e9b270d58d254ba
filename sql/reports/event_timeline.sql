-- Primary events by date: what happened, where, who, and the best fatality figure.
SELECT
    e.event_date,
    e.date_precision,
    e.event_type,
    e.sub_event_type,
    a1.name       AS actor1,
    a2.name       AS actor2,
    p.name        AS place,
    p.admin1_name AS admin1,
    e.killed_best,
    e.wounded_best,
    art.title
FROM events e
JOIN articles art USING (article_id)
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN places p ON p.place_id = e.place_id
WHERE e.is_primary
ORDER BY e.event_date DESC NULLS LAST, e.event_id
LIMIT 500;
