-- The prompt's .tables: the warehouse's tables and views.
SELECT table_name, table_type
FROM information_schema.tables
ORDER BY table_name;
