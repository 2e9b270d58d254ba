-- One row per article with its primary event (docs/warehouse.md#article_summary).
CREATE OR REPLACE VIEW article_summary AS
SELECT
    a.article_id,
    a.source_uri,
    a.title,
    a.published_on,
    e.event_id,
    e.event_type,
    e.sub_event_type,
    e.event_date,
    e.date_text,
    p.name         AS place_name,
    p.admin1_name  AS admin1_name,
    p.country_code AS country_code,
    a1.name        AS actor1_name,
    a2.name        AS actor2_name,
    e.killed_low,
    e.killed_best,
    e.killed_high,
    e.wounded_best
FROM articles a
LEFT JOIN events e ON e.article_id = a.article_id AND e.is_primary
LEFT JOIN places p ON p.place_id = e.place_id
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id;
