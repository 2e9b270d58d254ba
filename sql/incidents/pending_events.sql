-- The facts (event_facts.sql) of the events of the articles in `pending_articles`, oldest day
-- first.
SELECT f.*
FROM event_facts f
SEMI JOIN pending_articles USING (article_id)
ORDER BY f.event_date NULLS LAST, f.published_on NULLS LAST, f.article_id, f.sentence_no;
