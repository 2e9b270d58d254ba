-- For the events of pending articles whose text the warehouse already holds under another key
-- (pending_texts: article_id, content_hash, external_id), the incident of the same event in
-- that earlier copy (the same content_hash; for rows of a dataset, the same id as well): a
-- copy joins its original's incidents without matching, and is no new source. Event ids are
-- their article's key with an ordinal, so the same ordinal is the same event of the same text.
WITH originals AS (
    SELECT DISTINCT ON (n.article_id) n.article_id, orig.article_id AS original_id
    FROM pending_texts n
    JOIN articles orig ON orig.content_hash = n.content_hash AND orig.article_id <> n.article_id
                      AND orig.external_id IS NOT DISTINCT FROM n.external_id
    ORDER BY n.article_id, orig.article_id
)
SELECT f.event_id, o.incident_id AS copy_of
FROM event_facts f
JOIN originals g ON g.article_id = f.article_id
JOIN events o ON o.event_id = g.original_id || substr(f.event_id, length(f.article_id) + 1)
WHERE o.incident_id IS NOT NULL;
