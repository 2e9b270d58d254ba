-- Incidents of one report, founded in this pass (single_events: event_id), straight from their
-- event: the same columns sitrep/incidents/tally.py makes from a tally of one event, with no
-- tally kept (a copy of its text that joins later builds it from this event). Most incidents
-- are of one report that nothing from another article can join; this keeps them out of Python. $publication_lag and $run_id as in tally.py.
INSERT INTO incidents BY NAME
SELECT
    f.event_id                                   AS incident_id,
    f.event_type,
    f.sub_event_type,
    CASE WHEN f.date_precision = 'day' THEN f.event_date END AS event_date,
    CASE WHEN f.date_precision = 'day' THEN
        CASE WHEN f.date_source = 'text' THEN f.event_date ELSE f.event_date - $publication_lag END
    END                                          AS date_earliest,
    CASE WHEN f.date_precision = 'day' THEN f.event_date END AS date_latest,
    f.place_id,
    f.admin1_name,
    f.country_code,
    f.actor1_id,
    f.actor2_id,
    CASE WHEN f.killed_best IS NOT NULL THEN coalesce(f.killed_low, f.killed_best) END   AS killed_low,
    f.killed_best,
    CASE WHEN f.killed_best IS NOT NULL THEN coalesce(f.killed_high, f.killed_best) END  AS killed_high,
    CASE WHEN f.killed_best IS NOT NULL THEN 'one report' END                           AS killed_best_rule,
    CASE WHEN f.wounded_best IS NOT NULL THEN coalesce(f.wounded_low, f.wounded_best) END AS wounded_low,
    f.wounded_best,
    CASE WHEN f.wounded_best IS NOT NULL THEN coalesce(f.wounded_high, f.wounded_best) END AS wounded_high,
    1                                            AS n_events,
    1                                            AS n_articles,
    1                                            AS n_sources,
    CASE WHEN f.is_primary THEN 1 ELSE 0 END     AS headline_reports,
    CASE WHEN f.killed_best IS NOT NULL THEN 1 ELSE 0 END AS killed_sources,
    f.published_on                               AS first_reported,
    f.published_on                               AS last_reported,
    $run_id                                      AS updated_run_id
FROM event_facts f
SEMI JOIN single_events USING (event_id);
