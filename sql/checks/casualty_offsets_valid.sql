-- Casualty figures and quotes point inside their article's text.
WITH run_articles AS (SELECT article_id, text FROM articles WHERE run_id = $run_id)
SELECT c.casualty_id AS id FROM casualties c JOIN run_articles a USING (article_id)
WHERE c.char_start < 0 OR c.char_end > length(a.text) OR c.char_start >= c.char_end
UNION ALL
SELECT q.quote_id FROM quotes q JOIN run_articles a USING (article_id)
WHERE substr(a.text, q.char_start + 1, q.char_end - q.char_start) <> q.text;
