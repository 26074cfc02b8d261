#!/usr/bin/env bash
# A base backup of the whole cluster (every service's event store), the starting point of a
# point-in-time restore: pg_basebackup with its WAL, checked with pg_verifybackup against its
# manifest, into $SS_BACKUP_ROOT/base/<UTC time>. Keeps the newest SS_KEEP_BASE_BACKUPS and drops
# archived WAL older than the oldest one kept. Needs wal-archive.sh to have run (without the
# archive, a base backup restores only to its own end). Run it nightly (cron or a systemd timer).
#
#   bash deploy/backup/base-backup.sh            # prints the backup's folder last
set -euo pipefail
source "$(dirname "$0")/common.sh"
SS_KEEP_BASE_BACKUPS="${SS_KEEP_BASE_BACKUPS:-7}"

port="$(cluster_port "$PG_CLUSTER")"
[[ "$(pg_sql "$port" <<<"show archive_mode;")" == on ]] || die "WAL archiving is off on $PG_VERSION/$PG_CLUSTER: run wal-archive.sh first"
install -d -o postgres -g postgres -m 0700 "$SS_BASE_BACKUPS"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$SS_BASE_BACKUPS/$stamp"
[[ ! -e "$target" ]] || die "$target exists already"
# A half-written backup stays under .part and is never mistaken for a good one.
rm -rf "$target.part"
as_postgres pg_basebackup -p "$port" -D "$target.part" -Fp -X stream --checkpoint=fast \
  --label "sharedservices $PG_CLUSTER $stamp" --manifest-checksums=SHA256
as_postgres pg_verifybackup -q "$target.part"
mv "$target.part" "$target"
say "base backup of $PG_VERSION/$PG_CLUSTER verified: $(du -sh "$target" | cut -f1), $(grep '^START WAL LOCATION' "$target/backup_label")"

# Retention: the newest SS_KEEP_BASE_BACKUPS backups, and the WAL from the oldest of them on.
mapfile -t backups < <(find "$SS_BASE_BACKUPS" -mindepth 1 -maxdepth 1 -type d -name '*Z' | sort)
while ((${#backups[@]} > SS_KEEP_BASE_BACKUPS)); do
  rm -rf "${backups[0]}"
  say "dropped old base backup ${backups[0]}"
  backups=("${backups[@]:1}")
done
oldest_wal="$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]*\))$/\1/p' "${backups[0]}/backup_label")"
[[ -n "$oldest_wal" ]] && as_postgres pg_archivecleanup "$SS_WAL_ARCHIVE" "$oldest_wal"
echo "$target"
