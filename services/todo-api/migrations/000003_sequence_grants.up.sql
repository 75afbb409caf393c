-- todo_app inserts rows whose ids come from sequences (River's bigserial job ids, since
-- todo-batch logs in as todo_app): it needs USAGE on them, now and for later tables.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO todo_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO todo_app;

-- The version table is the migrator's business: the bootstrap's default grants (and
-- migration 000002's, for tables created after it) must not let the app rewrite it.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM todo_app;
