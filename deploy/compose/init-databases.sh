#!/bin/sh
# PostgreSQL's first start in compose: the roles and databases of deploy/local/README.md (development
# passwords). The grants come after, from deploy/sql/grants.sql (the postgres-grants service).
set -e
psql -v ON_ERROR_STOP=1 -U postgres <<'SQL'
CREATE ROLE ss_owner LOGIN CREATEDB PASSWORD 'ss_owner_dev';
CREATE ROLE ss_app LOGIN PASSWORD 'ss_app_dev';
CREATE ROLE ss_relay LOGIN PASSWORD 'ss_relay_dev';
GRANT pg_read_all_stats TO ss_relay;
GRANT pg_signal_backend TO ss_owner;
SQL
for db in ss_onboarding ss_portal ss_identity ss_eapplication ss_points ss_talent; do
  psql -v ON_ERROR_STOP=1 -U postgres -c "CREATE DATABASE $db OWNER ss_owner TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
done
