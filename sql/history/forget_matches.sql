-- The articles `sitrep forget` names (forget_targets: target as the user wrote it, value,
-- kind): `exact`, an article_id, a source_uri ("file.csv#7"), a source_key or a source_path
-- (a file or a page); `under`, every article read from under a folder (value ends with '/').
-- The values are the target as given and made absolute (sitrep/load/history.py): an article
-- loaded before migration 010 keeps its path as it was given then.
CREATE OR REPLACE TEMP TABLE forget_matches AS
SELECT DISTINCT t.target, a.article_id
FROM forget_targets t
JOIN articles a
  ON (t.kind = 'exact' AND t.value IN (a.article_id, a.source_uri, a.source_key, a.source_path))
  OR (t.kind = 'under' AND starts_with(a.source_path, t.value));

CREATE OR REPLACE TEMP TABLE leaving AS
SELECT DISTINCT article_id, NULL::VARCHAR AS replaced_by_article_id FROM forget_matches;
