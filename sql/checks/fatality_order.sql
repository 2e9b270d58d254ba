-- UCDP order: low <= best <= high for killed and wounded.
SELECT event_id
FROM events SEMI JOIN (SELECT article_id FROM articles WHERE run_id = $run_id) USING (article_id)
WHERE killed_low > killed_best OR killed_best > killed_high OR killed_low > killed_high
   OR wounded_low > wounded_best OR wounded_best > wounded_high OR wounded_low > wounded_high;
