-- Reads every block of one table (DuckDB checks each block's checksum as it reads it): every
-- column is hashed, so none is skipped. {table} is a name from duckdb_tables(), quoted.
SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM {table}
