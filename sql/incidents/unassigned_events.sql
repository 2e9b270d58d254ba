-- Events not yet in an incident, oldest day first, with what the matcher compares
-- (flows/incidents/rules.py, Report). $limit bounds one pass's memory.
SELECT
    e.event_id, e.article_id, e.event_type, e.sub_event_type, e.event_date, e.date_precision,
    e.date_source, e.place_id, p.place_type, p.name AS place_name, p.admin1_name, p.country_code,
    a1.actor_type AS actor1_type, a1.side AS actor1_side,
    a2.actor_type AS actor2_type, a2.side AS actor2_side,
    e.killed_best, e.is_primary
FROM events e
JOIN articles art USING (article_id)
LEFT JOIN places p ON p.place_id = e.place_id
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
WHERE e.incident_id IS NULL
ORDER BY e.event_date NULLS LAST, art.published_on NULLS LAST, e.article_id, e.sentence_no
LIMIT $limit;
