-- Articles that left the warehouse, latest first: replaced by a new version of their file, row or page (its primary event beside the old one's; empty when that version was replaced in turn), or forgotten.
SELECT
    h.removed_at,
    h.removed,
    h.source_uri,
    h.title                                                              AS old_title,
    s.title                                                              AS new_title,
    json_extract_string(h.coded, '$.primary_event.sub_event_type')      AS old_sub_event_type,
    s.sub_event_type                                                     AS new_sub_event_type,
    json_extract_string(h.coded, '$.primary_event.place')               AS old_place,
    s.place_name                                                         AS new_place,
    TRY_CAST(json_extract_string(h.coded, '$.primary_event.killed_best') AS BIGINT) AS old_killed_best,
    s.killed_best                                                        AS new_killed_best,
    h.article_id                                                         AS old_article_id,
    h.replaced_by_article_id                                             AS new_article_id
FROM article_history h
LEFT JOIN article_summary s ON s.article_id = h.replaced_by_article_id
ORDER BY h.removed_at DESC, h.source_uri
LIMIT 200;
