-- What a run found: the events of the articles it loaded, by ACLED event type and country, with
-- the killed and wounded they report (each event's best figure; an incident several articles
-- report counts once per article here, as `events` does).
SELECT e.event_type,
       coalesce(p.country_code, '?') AS country,
       count(*)                      AS events,
       coalesce(sum(e.killed_best), 0)  AS killed,
       coalesce(sum(e.wounded_best), 0) AS wounded
FROM events e
SEMI JOIN (SELECT article_id FROM articles WHERE run_id = $run_id) USING (article_id)
LEFT JOIN places p USING (place_id)
GROUP BY ALL
ORDER BY events DESC, e.event_type, country;
