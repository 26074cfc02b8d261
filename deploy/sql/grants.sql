-- The grants deploy/local/infra-up.sh makes, for PostgreSQL run elsewhere (compose, Kubernetes): run as a
-- superuser in each service database after it exists, e.g.
--   psql -v owner=ss_owner -v app=ss_app -v relay=ss_relay -d ss_points -f deploy/sql/grants.sql
-- ss_app owns nothing (row-level security holds for it) and gets rows only, through default privileges
-- on whatever ss_owner's migrations create; ss_relay connects for the outbox relay. Safe to repeat.
\set ON_ERROR_STOP on
SELECT current_database() AS db \gset
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
GRANT CONNECT ON DATABASE :"db" TO :"relay";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE, SELECT ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO :"app";
