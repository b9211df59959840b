-- Runs once when the DuckDB instance opens (session_init_sql_file in the data source URL).
-- UTC makes calendar arithmetic and date_trunc independent of the host's time zone.
SET GLOBAL TimeZone = 'UTC';
-- From here on no statement on any connection can change a setting.
SET GLOBAL lock_configuration = true;
