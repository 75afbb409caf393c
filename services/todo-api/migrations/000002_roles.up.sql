-- Database roles of todo-api (see design-docs/todo-api.md, "Database").
--
-- todo_migrator owns the schema: it runs `todo-api migrate`. todo_app is what the running
-- services log in as (IAM database authentication on RDS): data only, no DDL. todo_readonly
-- is for support queries and read-only tooling.
--
-- Roles are cluster-wide, so they are created only when missing (tests create many databases
-- on one server in parallel, hence the duplicate handlers). In stg/prd the one-time bootstrap
-- (bootstrap/bootstrap.sql, `make db/bootstrap`) has created them as login roles before the
-- first migration, so this is a no-op there; the migrator needs no CREATEROLE.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['todo_migrator', 'todo_app', 'todo_readonly'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by another database's migration
            END;
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO todo_app, todo_readonly;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, api_tokens, todos, idempotency_keys TO todo_app;
GRANT SELECT ON users, api_tokens, todos, idempotency_keys TO todo_readonly;
-- Tables created by later migrations get the same grants without repeating them.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO todo_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO todo_readonly;
