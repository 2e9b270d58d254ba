-- The articles a run loaded that gave no event (nothing to code, or a report the grammar
-- missed): worth a look with `sitrep show`.
SELECT a.source_uri, a.title
FROM articles a
WHERE a.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.article_id)
ORDER BY a.source_uri;
