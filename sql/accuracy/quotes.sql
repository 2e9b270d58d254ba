-- bench/accuracy.py: every quote with its speaker as written.
SELECT article_id, speaker, text
FROM quotes
ORDER BY article_id, char_start
