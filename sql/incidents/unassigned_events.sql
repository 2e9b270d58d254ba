-- The events not yet in an incident, of up to $articles articles (all of an article's events
-- in one pass), oldest day first (event_facts.sql says what each row holds). `copy_of` is the
-- incident of the same event in an earlier copy of the article's text (content_hash; with the
-- same id, for rows of a dataset): a copy joins its original's incidents without matching,
-- and is no new source.
WITH pending AS (
    SELECT DISTINCT article_id FROM events WHERE incident_id IS NULL ORDER BY article_id LIMIT $articles
), originals AS (
    SELECT DISTINCT ON (art.article_id) art.article_id, orig.article_id AS original_id
    FROM articles art
    SEMI JOIN pending USING (article_id)
    JOIN articles orig ON orig.content_hash = art.content_hash AND orig.article_id <> art.article_id
                      AND orig.external_id IS NOT DISTINCT FROM art.external_id
    ORDER BY art.article_id, orig.article_id
), copies AS (
    SELECT e.event_id, o.incident_id AS copy_of
    FROM events e
    JOIN originals g ON g.article_id = e.article_id
    JOIN events o ON o.event_id = g.original_id || substr(e.event_id, length(e.article_id) + 1)
    WHERE o.incident_id IS NOT NULL
)
SELECT f.*, c.copy_of
FROM event_facts f
SEMI JOIN pending USING (article_id)
LEFT JOIN copies c ON c.event_id = f.event_id
WHERE f.incident_id IS NULL
ORDER BY f.event_date NULLS LAST, f.published_on NULLS LAST, f.article_id, f.sentence_no;
