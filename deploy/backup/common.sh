# Shared settings and helpers of the backup scripts (sourced, not run). Every value can be
# overridden from the environment; the defaults fit the cluster deploy/local/infra-up.sh runs.
PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
# One folder per cluster: wal/ (the continuous WAL archive) and base/ (base backups, one folder each).
SS_BACKUP_ROOT="${SS_BACKUP_ROOT:-/var/backups/sharedservices/$PG_CLUSTER}"
SS_WAL_ARCHIVE="$SS_BACKUP_ROOT/wal"
SS_BASE_BACKUPS="$SS_BACKUP_ROOT/base"
SS_BACKUP_TIMEOUT="${SS_BACKUP_TIMEOUT:-300}"   # seconds to wait for archiving or recovery
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"     # pg_verifybackup has no /usr/bin wrapper

say() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*"; }
die() { printf '%s: ERROR: %s\n' "$(basename "$0" .sh)" "$*" >&2; exit 1; }

[[ "$(id -u)" == 0 ]] || die "run as root (runs PostgreSQL tools as the postgres user)"
cd /   # the postgres user must never trip over an unreadable working directory

# cluster_port CLUSTER -> the port pg_lsclusters reports for it (fails when there is no such cluster)
cluster_port() {
  pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$1" '$1==v && $2==c {print $3; f=1} END {exit !f}' \
    || die "no PostgreSQL $PG_VERSION cluster named $1 (pg_lsclusters)"
}

# psql as the postgres superuser over the cluster's socket (peer authentication).
pg_sql() {
  local port="$1"; shift
  runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"
}

# as_postgres TOOL ARGS: a PostgreSQL tool of this version, run as the postgres user.
as_postgres() { local tool="$1"; shift; runuser -u postgres -- "$PG_BIN/$tool" "$@"; }
