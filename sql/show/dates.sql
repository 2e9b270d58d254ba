-- The date expressions of article $id and what each resolved to, in the order of the text.
SELECT sentence_no, surface, resolved, precision, weekday_conflict, char_start, char_end
FROM date_mentions
WHERE article_id = $id
ORDER BY char_start;
