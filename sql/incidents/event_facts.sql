-- Events with what the matcher compares (sitrep/incidents/rules.py) and what an incident's
-- tally counts (sitrep/incidents/tally.py): their story (the text's key, and the row's id where
-- a dataset gives one: two records of one text are two), their article's publisher and date,
-- their place's type and province, their actors' types and sides. A view ({view}) of the reconciling
-- connection over {events} and {articles}: a batch's own rows before they are inserted (so a
-- batch never scans the warehouse's events), or the warehouse's tables for events older
-- versions left without an incident.
CREATE OR REPLACE TEMP VIEW {view} AS
SELECT
    e.event_id, e.article_id,
    coalesce(art.content_hash, e.article_id) || '|' || coalesce(art.external_id, '') AS story,
    art.content_hash, art.external_id,
    art.publisher, art.published_on, e.sentence_no, e.event_type, e.sub_event_type, e.event_date,
    e.date_precision, e.date_source, e.place_id, p.place_type, p.name AS place_name, p.admin1_name,
    p.country_code, e.actor1_id, a1.actor_type AS actor1_type, a1.side AS actor1_side,
    e.actor2_id, a2.actor_type AS actor2_type, a2.side AS actor2_side,
    e.killed_low, e.killed_best, e.killed_high, e.wounded_low, e.wounded_best, e.wounded_high,
    e.is_primary
FROM {events} e
JOIN {articles} art USING (article_id)
LEFT JOIN places p ON p.place_id = e.place_id
LEFT JOIN actors a1 ON a1.actor_id = e.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = e.actor2_id;
