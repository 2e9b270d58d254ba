-- The articles a batch's new articles replace: those of the warehouse with the same source_key
-- (the same file, table row id or page) and another text. A batch registers its articles as
-- batch_articles and its new ones' ids as new_ids (sitrep/load/warehouse.py, load_batch). A key
-- is looked up as it is and as the new article's source_uri: an article loaded before
-- migration 010 has the path as it was given then for its key.
CREATE OR REPLACE TEMP TABLE leaving AS
WITH fresh AS (
    SELECT article_id, source_key, source_uri
    FROM batch_articles SEMI JOIN new_ids USING (article_id)
    WHERE source_key IS NOT NULL
), probes AS (
    SELECT article_id AS replaced_by, source_key AS key FROM fresh
    UNION
    SELECT article_id, source_uri FROM fresh WHERE source_uri <> source_key
)
SELECT DISTINCT ON (a.article_id) a.article_id, p.replaced_by AS replaced_by_article_id
FROM articles a
JOIN probes p ON a.source_key = p.key
WHERE a.article_id NOT IN (SELECT article_id FROM new_ids)
ORDER BY a.article_id, p.replaced_by;
