-- Roles are cluster-wide and may hold grants in other databases, so they are not dropped;
-- only this database's grants are revoked.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM todo_readonly;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM todo_app;
REVOKE ALL ON users, api_tokens, todos, idempotency_keys FROM todo_app, todo_readonly;
REVOKE USAGE ON SCHEMA public FROM todo_app, todo_readonly;
