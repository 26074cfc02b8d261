#!/usr/bin/env bash
# Continuous WAL archiving for a Debian PostgreSQL cluster: every finished WAL segment is copied
# to $SS_BACKUP_ROOT/wal (fsynced, never overwritten with different content), and a segment is cut
# at least every SS_ARCHIVE_TIMEOUT seconds, so a point-in-time restore loses at most that much.
# Safe to run again; restarts the cluster only when archive_mode or wal_level must change
# (PostgreSQL reads them only at start). Ends by proving that a segment reaches the archive.
#
#   bash deploy/backup/wal-archive.sh            # PG_CLUSTER=main, SS_BACKUP_ROOT=/var/backups/sharedservices/main
set -euo pipefail
source "$(dirname "$0")/common.sh"
SS_ARCHIVE_TIMEOUT="${SS_ARCHIVE_TIMEOUT:-60}"

port="$(cluster_port "$PG_CLUSTER")"
install -d -o postgres -g postgres -m 0700 "$SS_BACKUP_ROOT" "$SS_WAL_ARCHIVE" "$SS_BASE_BACKUPS"

# %p is the segment's path inside the data directory, %f its file name. A segment already in the
# archive is fine when it is the same bytes (a retry after a crash between copy and report), an
# error when it differs (two clusters writing one archive).
archive_command="f='$SS_WAL_ARCHIVE/%f'; if [ -f \"\$f\" ]; then cmp -s '%p' \"\$f\"; else cp '%p' \"\$f.part\" && sync \"\$f.part\" && mv \"\$f.part\" \"\$f\"; fi"

pg_sql "$port" -v cmd="$archive_command" -v timeout="${SS_ARCHIVE_TIMEOUT}s" >/dev/null <<'SQL'
ALTER SYSTEM SET wal_level = 'replica';
ALTER SYSTEM SET archive_mode = 'on';
ALTER SYSTEM SET archive_command = :'cmd';
ALTER SYSTEM SET archive_timeout = :'timeout';
SELECT pg_reload_conf();
SQL
sleep 1   # pg_reload_conf only signals; give the postmaster a moment to reread
if [[ "$(pg_sql "$port" <<<"select count(*) from pg_settings where name in ('archive_mode', 'wal_level') and pending_restart;")" != 0 ]]; then
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
  say "cluster $PG_VERSION/$PG_CLUSTER restarted (archive_mode or wal_level changed)"
fi
[[ "$(pg_sql "$port" <<<"show archive_mode;")" == on ]] || die "archive_mode is not on after the restart"

segment="$(pg_sql "$port" <<<"select pg_walfile_name(pg_switch_wal());")"
deadline=$((SECONDS + SS_BACKUP_TIMEOUT))
until [[ -f "$SS_WAL_ARCHIVE/$segment" ]]; do
  if ((SECONDS >= deadline)); then
    die "segment $segment did not reach $SS_WAL_ARCHIVE: $(pg_sql "$port" <<<"select last_failed_wal || ' failed at ' || last_failed_time from pg_stat_archiver;")"
  fi
  sleep 1
done
say "cluster $PG_VERSION/$PG_CLUSTER (port $port) archives WAL to $SS_WAL_ARCHIVE every ${SS_ARCHIVE_TIMEOUT}s at most: ok ($segment archived)"
