-- One row per incident (docs/incidents.md): what its reports agree on, its UCDP-style figures,
-- and how many articles and distinct sources report it; the companion of article_summary.
CREATE OR REPLACE VIEW incident_summary AS
SELECT
    i.incident_id,
    i.event_type,
    i.sub_event_type,
    i.event_date,
    i.date_earliest,
    i.date_latest,
    p.name         AS place_name,
    i.admin1_name,
    i.country_code,
    a1.name        AS actor1_name,
    a2.name        AS actor2_name,
    i.killed_low,
    i.killed_best,
    i.killed_high,
    i.killed_best_rule,
    i.wounded_low,
    i.wounded_best,
    i.wounded_high,
    i.n_articles,
    i.n_sources,
    i.headline_reports,
    i.first_reported,
    i.last_reported
FROM incidents i
LEFT JOIN places p ON p.place_id = i.place_id
LEFT JOIN actors a1 ON a1.actor_id = i.actor1_id
LEFT JOIN actors a2 ON a2.actor_id = i.actor2_id;
