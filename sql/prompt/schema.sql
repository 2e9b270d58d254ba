-- The prompt's .schema [TABLE]: the columns of one table or view (its name in any case), or of all.
SELECT table_name, column_name, data_type, is_nullable
FROM information_schema.columns
WHERE $table IS NULL OR lower(table_name) = lower($table)
ORDER BY table_name, ordinal_position;
