-- Every event of the run's articles is in an incident that exists, and no incident is held twice.
WITH run_events AS (
    SELECT e.event_id, e.incident_id FROM events e
    SEMI JOIN (SELECT article_id FROM articles WHERE run_id = $run_id) USING (article_id)
)
SELECT 'event without incident' AS problem, event_id AS id FROM run_events
WHERE incident_id IS NULL OR incident_id NOT IN (SELECT incident_id FROM incidents)
UNION ALL
SELECT 'incident twice', incident_id FROM incidents
WHERE incident_id IN (SELECT incident_id FROM run_events)
GROUP BY incident_id HAVING count(*) > 1;
