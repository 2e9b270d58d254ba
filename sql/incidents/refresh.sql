-- The incidents in `touched` (incident_id), recomputed from their member events
-- (docs/codebook.md, "Incidents"). Parameters: $place_types (ordered least to most precise),
-- $armed_types (actor types that fight), $publication_lag (days a publication-dated report may
-- precede its article), $run_id.
WITH members AS (
    SELECT e.incident_id, e.event_id, e.article_id, e.event_type, e.sub_event_type, e.event_date,
           e.date_precision, e.date_source, e.place_id, e.actor1_id, e.actor2_id,
           e.killed_low, e.killed_best, e.killed_high, e.wounded_low, e.wounded_best, e.wounded_high,
           coalesce(list_position($place_types, p.place_type), 0) AS place_rank,
           art.published_on,
           coalesce(art.publisher, art.article_id) AS source,
           list_contains($armed_types, a1.actor_type) AS actor1_armed,
           list_contains($armed_types, a2.actor_type) AS actor2_armed,
           row_number() OVER (PARTITION BY e.incident_id
                              ORDER BY art.published_on NULLS LAST, e.article_id, e.sentence_no) AS n
    FROM events e
    JOIN touched USING (incident_id)
    JOIN articles art USING (article_id)
    LEFT JOIN places p ON p.place_id = e.place_id
    LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
    LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
),
-- One report per article and outcome: the article's fullest figure for the incident.
article_figures AS (
    SELECT incident_id, article_id, any_value(source) AS source,
           coalesce(any_value(published_on), DATE '0001-01-01') AS reported_on, outcome,
           max(best) AS best, min(coalesce(low, best)) AS low, max(coalesce(high, best)) AS high
    FROM (
        SELECT incident_id, article_id, source, published_on, 'killed' AS outcome,
               killed_low AS low, killed_best AS best, killed_high AS high FROM members
        UNION ALL
        SELECT incident_id, article_id, source, published_on, 'wounded',
               wounded_low, wounded_best, wounded_high FROM members
    )
    WHERE best IS NOT NULL
    GROUP BY incident_id, article_id, outcome
),
-- A source's figure is its latest article's (a source that updates its toll means the update).
source_figures AS (
    SELECT incident_id, outcome, source, max(reported_on) AS reported_on,
           arg_max(best, (reported_on, article_id)) AS best, min(low) AS low, max(high) AS high
    FROM article_figures
    GROUP BY incident_id, outcome, source
),
votes AS (
    SELECT incident_id, outcome, best, count(*) AS sources
    FROM source_figures
    GROUP BY incident_id, outcome, best
),
latest AS (
    SELECT incident_id, outcome, max(reported_on) AS latest_on
    FROM source_figures
    GROUP BY incident_id, outcome
),
figures AS (
    SELECT s.incident_id, s.outcome,
           count(*) AS sources,
           min(s.low) AS low,
           max(s.high) AS high,
           min(s.best) AS lowest_best,
           -- a rising toll: one source reported last, on a later day than every other, and
           -- gave the highest figure
           count(*) FILTER (WHERE s.reported_on = l.latest_on) AS latest_sources,
           max(s.best) FILTER (WHERE s.reported_on = l.latest_on) AS latest_best,
           max(s.best) FILTER (WHERE s.reported_on < l.latest_on) AS earlier_max
    FROM source_figures s
    JOIN latest l USING (incident_id, outcome)
    GROUP BY s.incident_id, s.outcome
),
modes AS (
    SELECT incident_id, outcome,
           arg_max(best, (sources, -best)) AS most_given,
           max(sources) AS top_votes,
           count(*) FILTER (WHERE sources = (SELECT max(v2.sources) FROM votes v2
                                             WHERE v2.incident_id = votes.incident_id
                                               AND v2.outcome = votes.outcome)) AS tied
    FROM votes
    GROUP BY incident_id, outcome
),
decided AS (
    SELECT f.incident_id, f.outcome, f.sources, f.low, f.high,
           CASE WHEN f.sources = 1 THEN f.lowest_best
                WHEN f.latest_sources = 1 AND f.earlier_max IS NOT NULL
                     AND f.latest_best >= f.earlier_max AND f.latest_best > f.lowest_best THEN f.latest_best
                ELSE m.most_given END AS best,
           CASE WHEN f.sources = 1 THEN 'one report'
                WHEN f.latest_sources = 1 AND f.earlier_max IS NOT NULL
                     AND f.latest_best >= f.earlier_max AND f.latest_best > f.lowest_best THEN 'rising toll'
                WHEN m.tied = 1 THEN 'most sources'
                ELSE 'lowest of the most given' END AS rule
    FROM figures f
    JOIN modes m USING (incident_id, outcome)
),
types AS (
    SELECT incident_id, arg_max(event_type || '|' || sub_event_type, (cnt, -first_n)) AS type_pair
    FROM (SELECT incident_id, event_type, sub_event_type, count(*) AS cnt, min(n) AS first_n
          FROM members GROUP BY ALL)
    GROUP BY incident_id
),
days AS (
    SELECT incident_id,
           arg_max(event_date, (from_text, cnt, -epoch(event_date))) AS event_date
    FROM (SELECT incident_id, event_date, date_source = 'text' AS from_text, count(*) AS cnt
          FROM members WHERE event_date IS NOT NULL AND date_precision = 'day' GROUP BY ALL)
    GROUP BY incident_id
),
spans AS (
    SELECT incident_id,
           min(CASE WHEN date_source = 'text' THEN event_date
                    ELSE event_date - $publication_lag END) AS date_earliest,
           max(event_date) AS date_latest
    FROM members WHERE event_date IS NOT NULL AND date_precision = 'day'
    GROUP BY incident_id
),
places_agreed AS (
    SELECT incident_id, arg_max(place_id, (place_rank, cnt, -first_n)) AS place_id
    FROM (SELECT incident_id, place_id, any_value(place_rank) AS place_rank, count(*) AS cnt,
                 min(n) AS first_n
          FROM members WHERE place_id IS NOT NULL GROUP BY ALL)
    GROUP BY incident_id
),
actor_choice AS (
    SELECT incident_id,
           arg_max(actor1_id, (actor1_armed, cnt1, -first_n)) FILTER (WHERE actor1_id IS NOT NULL) AS actor1_id,
           arg_max(actor2_id, (actor2_armed, cnt2, -first_n)) FILTER (WHERE actor2_id IS NOT NULL) AS actor2_id
    FROM (SELECT incident_id, actor1_id, actor2_id, coalesce(actor1_armed, false) AS actor1_armed,
                 coalesce(actor2_armed, false) AS actor2_armed,
                 count(*) OVER (PARTITION BY incident_id, actor1_id) AS cnt1,
                 count(*) OVER (PARTITION BY incident_id, actor2_id) AS cnt2, n AS first_n
          FROM members)
    GROUP BY incident_id
),
counts AS (
    SELECT incident_id, count(*) AS n_events, count(DISTINCT article_id) AS n_articles,
           count(DISTINCT source) AS n_sources,
           min(published_on) AS first_reported, max(published_on) AS last_reported
    FROM members
    GROUP BY incident_id
)
SELECT
    c.incident_id,
    split_part(t.type_pair, '|', 1) AS event_type,
    split_part(t.type_pair, '|', 2) AS sub_event_type,
    d.event_date,
    s.date_earliest,
    s.date_latest,
    pa.place_id,
    p.admin1_name,
    p.country_code,
    ac.actor1_id,
    ac.actor2_id,
    k.low AS killed_low,
    k.best AS killed_best,
    k.high AS killed_high,
    k.rule AS killed_best_rule,
    w.low AS wounded_low,
    w.best AS wounded_best,
    w.high AS wounded_high,
    c.n_events,
    c.n_articles,
    c.n_sources,
    coalesce(k.sources, 0) AS killed_sources,
    c.first_reported,
    c.last_reported,
    $run_id AS updated_run_id
FROM counts c
JOIN types t USING (incident_id)
LEFT JOIN days d USING (incident_id)
LEFT JOIN spans s USING (incident_id)
LEFT JOIN places_agreed pa USING (incident_id)
LEFT JOIN places p ON p.place_id = pa.place_id
LEFT JOIN actor_choice ac USING (incident_id)
LEFT JOIN decided k ON k.incident_id = c.incident_id AND k.outcome = 'killed'
LEFT JOIN decided w ON w.incident_id = c.incident_id AND w.outcome = 'wounded'
