-- bench/accuracy.py: each article with what labels are matched on (its file name or external id)
-- and its publication date. Oldest first, so a file coded again after an edit is scored as its latest text.
SELECT article_id, source_uri, external_id, published_on
FROM articles
ORDER BY ingested_at, article_id
