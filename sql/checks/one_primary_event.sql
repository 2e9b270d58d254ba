-- Every article with events has exactly one primary event.
SELECT article_id
FROM events SEMI JOIN (SELECT article_id FROM articles WHERE run_id = $run_id) USING (article_id)
GROUP BY article_id
HAVING count(*) FILTER (WHERE is_primary) <> 1;
