-- Dashboard headline: the collection and what was coded from it; killed is counted once per
-- incident (docs/incidents.md), beside the sum over the stories' events. Copies of one story (articles
-- sharing content_hash) count once, as in every dashboard panel. `first_month` opens the
-- reporting period: the month before the first publication date, so events the articles retell
-- from long before (a 1982 massacre in a 2016 story) do not stretch the timeline.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
), period AS (
    SELECT date_trunc('month', min(published_on)) - INTERVAL 1 MONTH AS first_month,
           max(published_on) AS last_published
    FROM articles
), story_events AS (
    SELECT e.* FROM events e JOIN stories USING (article_id)
)
SELECT
    (SELECT count(*) FROM articles)                                   AS articles,
    (SELECT count(*) FROM stories)                                    AS stories,
    (SELECT count(*) FROM quarantine)                                 AS quarantined,
    count(e.event_id)                                                 AS events,
    count(e.event_id) FILTER (WHERE e.killed_best > 0)                AS deadly_events,
    coalesce(sum(e.killed_best), 0)                                   AS killed_best,
    count(DISTINCT e.place_id)                                        AS places,
    min(e.event_date) FILTER (WHERE e.event_date >= p.first_month OR p.first_month IS NULL) AS first_event,
    max(e.event_date)                                                 AS last_event,
    count(e.event_id) FILTER (WHERE e.event_date < p.first_month)     AS events_before_period,
    count(e.event_id) FILTER (WHERE e.event_date IS NULL)             AS undated_events,
    any_value(p.first_month)::DATE                                    AS first_month,
    any_value(p.last_published)                                       AS last_published,
    (SELECT max(finished_at) FROM pipeline_runs)                      AS last_run,
    (SELECT count(*) FROM incidents)                                  AS incidents,
    (SELECT count(*) FROM incidents WHERE n_articles > 1)             AS incidents_reported_twice,
    (SELECT coalesce(sum(killed_best), 0) FROM incidents)             AS incidents_killed_best,
    (SELECT count(*) FROM incidents i, period q WHERE i.event_date < q.first_month) AS incidents_before_period,
    (SELECT count(*) FROM incidents WHERE event_date IS NULL)         AS undated_incidents
FROM period p
LEFT JOIN story_events e ON true;
