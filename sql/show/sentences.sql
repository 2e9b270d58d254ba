-- The sentences of article $id (0 is the title) by their offsets into articles.text.
SELECT sentence_no, char_start, char_end
FROM sentences
WHERE article_id = $id
ORDER BY sentence_no;
