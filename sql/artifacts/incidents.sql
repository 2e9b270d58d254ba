-- The incidents a run founded or joined (its summary artifact): how many, how many of them
-- more than one article reports, and their killed_best summed (each incident once).
SELECT
    count(*)                                             AS incidents,
    count(*) FILTER (WHERE incident_id IN (
        SELECT e.event_id FROM events e JOIN articles a USING (article_id) WHERE a.run_id = $run_id))
                                                         AS founded,
    count(*) FILTER (WHERE n_articles > 1)               AS reported_by_several,
    coalesce(sum(killed_best), 0)                        AS killed_best
FROM incidents
WHERE updated_run_id = $run_id;
