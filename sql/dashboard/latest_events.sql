-- The latest events (each article's primary event), newest first, with the sentence they were
-- read from (sentences' offsets into articles.text) and the trigger words' offsets inside it,
-- so the page can mark them. $limit rows.
WITH stories AS (
    SELECT min(article_id) AS article_id FROM articles GROUP BY coalesce(content_hash, article_id)
)
SELECT
    e.event_id,
    e.event_date,
    e.date_source,
    e.event_type,
    e.sub_event_type,
    p.name                                                     AS place_name,
    p.admin1_name,
    p.country_code,
    a1.name                                                    AS actor1_name,
    a2.name                                                    AS actor2_name,
    e.killed_low,
    e.killed_best,
    e.killed_high,
    e.wounded_best,
    substr(art.text, s.char_start + 1, s.char_end - s.char_start) AS evidence,
    e.char_start - s.char_start                                AS trigger_start,
    e.char_end - s.char_start                                  AS trigger_end,
    art.title,
    art.url,
    art.source_uri,
    art.published_on
FROM events e
JOIN stories USING (article_id)
JOIN articles art ON art.article_id = e.article_id
LEFT JOIN sentences s ON s.article_id = e.article_id AND s.sentence_no = e.sentence_no
LEFT JOIN places p ON p.place_id = e.place_id
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id
WHERE e.is_primary
ORDER BY e.event_date DESC NULLS LAST, art.published_on DESC NULLS LAST, e.event_id
LIMIT $limit;
