-- One-time database bootstrap of todo-api, run as the RDS master user (`todo-api bootstrap`,
-- see `make db/bootstrap ENV=`), never by the migrator or the services. It is idempotent: a
-- second run changes nothing. Locally the superuser of `make deps/up` runs it.
--
-- After it, nobody needs the master user: the services log in as todo_app, `migrate` as
-- todo_migrator and people as todo_readonly, all with IAM database authentication on RDS
-- (rds_iam) and TLS verify-full. Migration 000002 grants the table privileges.

-- 1. The login roles. Migration 000002 creates them NOLOGIN when missing (local databases
--    migrated before this bootstrap existed); here they become LOGIN. Roles are cluster-wide:
--    parallel tests bootstrap many databases on one server, hence the duplicate handlers.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['todo_migrator', 'todo_app', 'todo_readonly'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I LOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
        IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('ALTER ROLE %I LOGIN', r);
        END IF;
        -- rds_iam exists only on RDS: members log in with IAM authentication tokens (and
        -- only with them). The local PostgreSQL has no such role and trusts 127.0.0.1.
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam')
           AND NOT pg_has_role(r, 'rds_iam', 'MEMBER') THEN
            EXECUTE format('GRANT rds_iam TO %I', r);
        END IF;
    END LOOP;
END
$$;

-- 2. The migrator may create objects in the public schema, which PostgreSQL 15 allows only to
--    the database owner (the master user on RDS), and may pass USAGE on to the other roles
--    (migration 000002 does). It owns what it creates; it is not a superuser.
--    Granted once: later the master is a member of todo_migrator (step 3), and PostgreSQL
--    refuses to grant a grant option back to the role it came from.
DO $$
BEGIN
    IF NOT has_schema_privilege('todo_migrator', 'public', 'CREATE WITH GRANT OPTION') THEN
        GRANT USAGE, CREATE ON SCHEMA public TO todo_migrator WITH GRANT OPTION;
    END IF;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO todo_migrator, todo_app, todo_readonly', current_database());
END
$$;

-- 3. What the migrator creates is usable by the others whatever runs first (todo-api's
--    migrations or todo-batch's River migrations): default grants for the migrator's objects.
--    ALTER DEFAULT PRIVILEGES FOR ROLE and ALTER ... OWNER need membership of todo_migrator; the
--    master created that role (RDS gives the master CREATEROLE), so it may grant itself that.
--    A superuser (local) needs no membership.
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       AND NOT pg_has_role(current_user, 'todo_migrator', 'MEMBER') THEN
        EXECUTE format('GRANT todo_migrator TO %I', current_user);
    END IF;
END
$$;
ALTER DEFAULT PRIVILEGES FOR ROLE todo_migrator IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO todo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE todo_migrator IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO todo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE todo_migrator IN SCHEMA public GRANT SELECT ON TABLES TO todo_readonly;

-- 4. A database migrated by the master before this bootstrap existed: hand what the master owns
--    in the public schema to the migrator, so that later migrations can alter it. Nothing to
--    do on a fresh database, or locally as superuser.
DO $$
DECLARE
    obj record;
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN;
    END IF;
    FOR obj IN
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relowner = current_user::regrole
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          -- a sequence owned by a column follows its table
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
    LOOP
        EXECUTE format('ALTER %s public.%I OWNER TO todo_migrator',
            CASE obj.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
            obj.relname);
    END LOOP;
    FOR obj IN
        SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typowner = current_user::regrole
          AND t.typtype IN ('e', 'd') -- enums and domains, such as River's river_job_state
    LOOP
        EXECUTE format('ALTER TYPE public.%I OWNER TO todo_migrator', obj.typname);
    END LOOP;
    FOR obj IN
        SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner = current_user::regrole
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO todo_migrator', obj.sig);
    END LOOP;
    -- Grants held on these objects stay; migration 000003 covers sequences.
END
$$;
