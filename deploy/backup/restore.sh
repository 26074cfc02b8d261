#!/usr/bin/env bash
# Point-in-time restore into a NEW cluster beside the running one (never over it): the newest base
# backup taken before the target, then the archived WAL replayed up to the target time, then the
# new cluster is promoted and answers on its own port. The cluster it came from is left alone; how
# to switch the services over (or only read from the copy) is in README.md.
#
#   bash deploy/backup/restore.sh --target-time 2026-12-06T11:40:00+09:00 [--into restored] [--port 5433] [--from DIR]
#   bash deploy/backup/restore.sh --latest [--into restored]      # everything the archive holds
#
# PG_CLUSTER / SS_BACKUP_ROOT name the cluster whose backups are used (as for base-backup.sh).
# The restored cluster does not archive WAL (it would mix a second timeline into the source's
# archive): run wal-archive.sh with PG_CLUSTER=<new> once it becomes the primary.
set -euo pipefail
source "$(dirname "$0")/common.sh"

target="" latest=0 into="restored" port="" from=""
while (($#)); do
  case "$1" in
    --target-time) target="$2"; shift 2 ;;
    --latest) latest=1; shift ;;
    --into) into="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    *) die "unknown argument $1 (see the head of this script)" ;;
  esac
done
[[ -n "$target" || "$latest" == 1 ]] || die "say --target-time <ISO 8601 time with offset> or --latest"
[[ -z "$target" || "$latest" == 0 ]] || die "--target-time and --latest exclude each other"
[[ "$into" =~ ^[a-z][a-z0-9_]*$ ]] || die "--into must be a cluster name (lower-case letters, digits, _)"
if pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$into" '$1==v && $2==c {f=1} END {exit !f}'; then
  die "cluster $PG_VERSION/$into exists already; restore never overwrites a cluster (pg_dropcluster it, or choose --into)"
fi

if [[ -n "$target" ]]; then
  epoch="$(date -u -d "$target" +%s.%N 2>/dev/null)" || die "cannot read --target-time '$target' (write e.g. 2026-12-06T11:40:00+09:00)"
  # One unambiguous form for PostgreSQL, in UTC with microseconds.
  target_pg="$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S.%6N+00')"
else
  epoch="$(date -u +%s.%N)"
fi

# The newest base backup that started before the target.
if [[ -z "$from" ]]; then
  while IFS= read -r dir; do
    started="$(sed -n 's/^START TIME: //p' "$dir/backup_label")"
    if [[ -n "$started" ]] && (($(date -u -d "$started" +%s) <= ${epoch%.*})); then from="$dir"; fi
  done < <(find "$SS_BASE_BACKUPS" -mindepth 1 -maxdepth 1 -type d -name '*Z' 2>/dev/null | sort)
  [[ -n "$from" ]] || die "no base backup in $SS_BASE_BACKUPS started before ${target:-now}"
fi
[[ -f "$from/backup_label" ]] || die "$from is not a base backup (no backup_label)"
as_postgres pg_verifybackup -q -n "$from" || die "$from does not match its manifest"
say "base backup $from ($(sed -n 's/^START TIME: //p' "$from/backup_label"))"

pg_createcluster "$PG_VERSION" "$into" ${port:+-p "$port"} >/dev/null
data="$(pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$into" '$1==v && $2==c {print $6}')"
port="$(cluster_port "$into")"
rm -rf "$data"
cp -a "$from" "$data"
rm -f "$data/backup_manifest"
chown -R postgres:postgres "$data"
chmod 0700 "$data"
# Appended last, so these win over the source's own ALTER SYSTEM settings copied with the backup.
{
  echo "# deploy/backup/restore.sh $(date -u +%FT%TZ): point-in-time recovery from $from"
  echo "restore_command = 'cp \"$SS_WAL_ARCHIVE/%f\" \"%p\"'"
  [[ -n "$target" ]] && echo "recovery_target_time = '$target_pg'"
  echo "recovery_target_action = 'promote'"
  echo "archive_mode = 'off'"
} >>"$data/postgresql.auto.conf"
runuser -u postgres -- touch "$data/recovery.signal"

log="/var/log/postgresql/postgresql-$PG_VERSION-$into.log"
if ! pg_ctlcluster "$PG_VERSION" "$into" start; then
  tail -n 20 "$log" >&2 || true
  die "the restored cluster did not start (a target before the backup's end, or WAL missing from $SS_WAL_ARCHIVE?)"
fi
deadline=$((SECONDS + SS_BACKUP_TIMEOUT))
until [[ "$(pg_sql "$port" <<<"select pg_is_in_recovery();" 2>/dev/null)" == f ]]; do
  ((SECONDS < deadline)) || { tail -n 20 "$log" >&2; die "recovery did not finish within ${SS_BACKUP_TIMEOUT}s"; }
  sleep 1
done
say "$(grep -h -o 'recovery stopping .*\|last completed transaction was at log time .*' "$log" | tail -n 2 | paste -sd ';' -)"
say "restored to ${target_pg:-the end of the archive}: cluster $PG_VERSION/$into on port $port"
