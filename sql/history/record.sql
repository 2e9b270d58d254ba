-- The articles leaving the warehouse (leaving: article_id, replaced_by_article_id) into
-- article_history, each with what it had coded, as JSON: its rows per table, the incidents its
-- events were in, and its primary event with its names and figures. $removed is 'replaced' or
-- 'forgotten', $replaced_by_run_id the run whose new versions replace them (NULL: forgotten).
INSERT INTO article_history BY NAME
WITH counted AS (
    SELECT article_id, 'sentences' AS kind, count(*) AS n FROM sentences SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'actor_mentions', count(*) FROM actor_mentions SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'place_mentions', count(*) FROM place_mentions SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'events', count(*) FROM events SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'casualties', count(*) FROM casualties SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'quotes', count(*) FROM quotes SEMI JOIN leaving USING (article_id) GROUP BY ALL
    UNION ALL SELECT article_id, 'date_mentions', count(*) FROM date_mentions SEMI JOIN leaving USING (article_id) GROUP BY ALL
), rows_of AS (
    SELECT article_id, json_group_object(kind, n) AS rows FROM counted GROUP BY article_id
), incidents_of AS (
    SELECT article_id, to_json(list(DISTINCT incident_id ORDER BY incident_id)) AS incidents
    FROM events SEMI JOIN leaving USING (article_id)
    WHERE incident_id IS NOT NULL
    GROUP BY article_id
), primary_event AS (
    SELECT e.article_id, json_object(
        'event_id', e.event_id, 'event_type', e.event_type, 'sub_event_type', e.sub_event_type,
        'event_date', e.event_date, 'date_text', e.date_text, 'place', p.name, 'admin1', p.admin1_name,
        'country_code', p.country_code, 'actor1', a1.name, 'actor2', a2.name,
        'killed_low', e.killed_low, 'killed_best', e.killed_best, 'killed_high', e.killed_high,
        'wounded_low', e.wounded_low, 'wounded_best', e.wounded_best, 'wounded_high', e.wounded_high,
        'incident_id', e.incident_id) AS event
    FROM events e
    SEMI JOIN leaving USING (article_id)
    LEFT JOIN places p ON p.place_id = e.place_id
    LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
    LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
    WHERE e.is_primary
)
SELECT
    a.article_id, a.content_hash, a.source_uri, a.source_path, a.source_key, a.title, a.publisher,
    a.published_on, a.copyright, a.text, a.url, a.external_id, a.feed_url, a.ingested_at, a.run_id,
    $removed                                AS removed,
    $removed_at                             AS removed_at,
    l.replaced_by_article_id,
    $replaced_by_run_id                     AS replaced_by_run_id,
    json_object('rows', coalesce(r.rows, '{}'::JSON), 'incidents', coalesce(i.incidents, '[]'::JSON),
                'primary_event', pe.event)::VARCHAR AS coded
FROM articles a
JOIN leaving l USING (article_id)
LEFT JOIN rows_of r USING (article_id)
LEFT JOIN incidents_of i USING (article_id)
LEFT JOIN primary_event pe USING (article_id);
