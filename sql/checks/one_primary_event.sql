-- Every article with events has exactly one primary event.
SELECT article_id
FROM events
GROUP BY article_id
HAVING count(*) FILTER (WHERE is_primary) <> 1;
