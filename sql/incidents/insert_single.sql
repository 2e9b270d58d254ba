-- Incidents of one report, founded in this pass (single_events: event_id), straight from their
-- event: the same columns flows/incidents/tally.py makes from a tally of one event, with no
-- tally kept (NULL: a later report that joins builds it from this event). Most incidents are
-- of one report; this keeps them out of Python. $publication_lag and $run_id as in tally.py.
INSERT INTO incidents BY NAME
SELECT
    e.event_id                                   AS incident_id,
    e.event_type,
    e.sub_event_type,
    CASE WHEN e.date_precision = 'day' THEN e.event_date END AS event_date,
    CASE WHEN e.date_precision = 'day' THEN
        CASE WHEN e.date_source = 'text' THEN e.event_date ELSE e.event_date - $publication_lag END
    END                                          AS date_earliest,
    CASE WHEN e.date_precision = 'day' THEN e.event_date END AS date_latest,
    e.place_id,
    p.admin1_name,
    p.country_code,
    e.actor1_id,
    e.actor2_id,
    CASE WHEN e.killed_best IS NOT NULL THEN coalesce(e.killed_low, e.killed_best) END   AS killed_low,
    e.killed_best,
    CASE WHEN e.killed_best IS NOT NULL THEN coalesce(e.killed_high, e.killed_best) END  AS killed_high,
    CASE WHEN e.killed_best IS NOT NULL THEN 'one report' END                           AS killed_best_rule,
    CASE WHEN e.wounded_best IS NOT NULL THEN coalesce(e.wounded_low, e.wounded_best) END AS wounded_low,
    e.wounded_best,
    CASE WHEN e.wounded_best IS NOT NULL THEN coalesce(e.wounded_high, e.wounded_best) END AS wounded_high,
    1                                            AS n_events,
    1                                            AS n_articles,
    1                                            AS n_sources,
    CASE WHEN e.killed_best IS NOT NULL THEN 1 ELSE 0 END AS killed_sources,
    art.published_on                             AS first_reported,
    art.published_on                             AS last_reported,
    $run_id                                      AS updated_run_id,
    NULL                                         AS tally
FROM events e
SEMI JOIN single_events USING (event_id)
JOIN articles art USING (article_id)
LEFT JOIN places p ON p.place_id = e.place_id;
