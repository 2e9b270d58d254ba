-- Every casualty figure of article $id with the words it was read from, its source, its
-- victims and their perpetrator, in the order of the text.
SELECT
    c.casualty_id,
    c.event_id,
    c.sentence_no,
    c.outcome,
    c.count_low,
    c.count_high,
    c.qualifier,
    c.is_subset,
    c.victim_group,
    c.victim_kind,
    c.victim_actor_id,
    v.name AS victim_actor,
    c.perpetrator_actor_id,
    p.name AS perpetrator,
    c.reported_by,
    c.reported_by_actor_id,
    c.char_start,
    c.char_end,
    substr(a.text, c.char_start + 1, c.char_end - c.char_start) AS words
FROM casualties c
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN actors v ON v.actor_id = c.victim_actor_id
LEFT JOIN actors p ON p.actor_id = c.perpetrator_actor_id
WHERE c.article_id = $id
ORDER BY c.char_start, c.casualty_id;
