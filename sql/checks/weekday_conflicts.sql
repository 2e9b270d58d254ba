-- severity: warning
-- A weekday that contradicts the date it stands beside ("Saturday (14 January)" in a year where it was a Sunday).
SELECT article_id, surface
FROM date_mentions SEMI JOIN (SELECT article_id FROM articles WHERE run_id = $run_id) USING (article_id)
WHERE weekday_conflict;
