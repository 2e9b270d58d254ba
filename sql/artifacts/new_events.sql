-- The events a run added (its Prefect table artifact): newest articles' primary events first.
SELECT
    e.event_date,
    e.event_type,
    e.sub_event_type,
    a1.name       AS actor1,
    a2.name       AS actor2,
    p.name        AS place,
    p.admin1_name AS admin1,
    e.killed_best,
    e.wounded_best,
    e.is_primary,
    art.title
FROM events e
JOIN articles art USING (article_id)
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
LEFT JOIN places p ON p.place_id = e.place_id
WHERE art.run_id = $run_id
ORDER BY e.is_primary DESC, e.killed_best DESC NULLS LAST, e.event_id
LIMIT 200;
