-- Casualty figures and quotes point inside their article's text.
-- No shared CTE of the texts: DuckDB materialises a CTE used twice, which held every text of
-- the run in memory (+400 MB at 100,000 articles); the figures need only each text's length.
SELECT c.casualty_id AS id
FROM casualties c
JOIN (SELECT article_id, length(text) AS text_length FROM articles WHERE run_id = $run_id) a USING (article_id)
WHERE c.char_start < 0 OR c.char_end > a.text_length OR c.char_start >= c.char_end
UNION ALL
SELECT q.quote_id
FROM quotes q
JOIN (SELECT article_id, text FROM articles WHERE run_id = $run_id) a USING (article_id)
WHERE substr(a.text, q.char_start + 1, q.char_end - q.char_start) <> q.text;
