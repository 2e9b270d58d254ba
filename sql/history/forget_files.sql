-- The files the articles leaving came from are no longer "loaded and unchanged" (source_files):
-- one still among a run's inputs is read again by that run, and what it holds coded again.
DELETE FROM source_files
WHERE path IN (
    SELECT f.path
    FROM source_files f
    JOIN (SELECT source_uri FROM articles SEMI JOIN leaving USING (article_id)) a
      ON a.source_uri = f.path OR starts_with(a.source_uri, f.path || '#')
);
