-- The direct quotes of article $id with their speakers, in the order of the text.
SELECT
    q.quote_id,
    q.sentence_no,
    q.speaker,
    q.speaker_actor_id,
    a.name AS speaker_actor,
    q.text,
    q.char_start,
    q.char_end
FROM quotes q
LEFT JOIN actors a ON a.actor_id = q.speaker_actor_id
WHERE q.article_id = $id
ORDER BY q.char_start, q.quote_id;
