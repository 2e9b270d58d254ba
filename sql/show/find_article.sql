-- The articles `sitrep show ARTICLE` may mean ($q), found by the first rule that finds any:
-- 1 its article_id; 2 its source_uri or url; 3 its file name, the last part of source_uri,
-- with or without its extension (a row of a tabular file is named file.csv#id, and the file's
-- name alone names all its rows); 4 a case-insensitive fragment of its title (a plain
-- substring: % and _ are no wildcards). The 20 latest are listed; `matches` counts them all.
-- Cheap string tests come first, so that only the few rows whose source_uri could end in such
-- a file name meet the regexes (on a million articles: about a second rather than ten).
WITH candidates AS (
    SELECT article_id, title, source_uri, url, published_on, ingested_at,
           starts_with(source_uri, split_part($q, '#', 1))
               OR contains(source_uri, '/' || split_part($q, '#', 1)) AS may_be_file
    FROM articles
    WHERE article_id = $q OR source_uri = $q OR url = $q OR may_be_file
       OR contains(lower(title), lower($q))
),
ranked AS (
    SELECT *,
           CASE
               WHEN article_id = $q THEN 1
               WHEN source_uri = $q OR url = $q THEN 2
               WHEN may_be_file AND $q IN (file_name, split_part(file_name, '#', 1),
                           regexp_replace(file_name, '\.[^.#]*(#|$)', '\1'),
                           regexp_replace(split_part(file_name, '#', 1), '\.[^.]*$', '')) THEN 3
               WHEN contains(lower(title), lower($q)) THEN 4
           END AS rule
    FROM (SELECT *, CASE WHEN may_be_file THEN regexp_extract(source_uri, '[^/]*$') END AS file_name
          FROM candidates)
),
best AS (
    SELECT * FROM ranked WHERE rule IS NOT NULL QUALIFY rule = min(rule) OVER ()
)
SELECT article_id, title, source_uri, url, published_on, rule, count(*) OVER () AS matches
FROM best
ORDER BY published_on DESC NULLS LAST, ingested_at DESC, article_id
LIMIT 20;
