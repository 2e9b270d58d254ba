-- Every article key the run loaded is held once (articles has no key index; the load keeps keys unique).
SELECT article_id
FROM articles
WHERE article_id IN (SELECT article_id FROM articles WHERE run_id = $run_id)
GROUP BY article_id
HAVING count(*) > 1;
