#!/usr/bin/env bash
# Brings up the local infrastructure SharedServices needs (PostgreSQL 15, RabbitMQ)
# on a Debian 12 machine, as root, without prompts. Safe to run any number of
# times: each step checks the current state first and only changes what differs,
# printing one line per thing it ensured.
set -euo pipefail

# ---------------------------------------------------------------------------
# Settings. Every value can be overridden from the environment.
# (SS_ prefix rather than RABBITMQ_/PG*: the RabbitMQ scripts and libpq read
# their own variables of those names, and we must not feed them by accident.)
# ---------------------------------------------------------------------------
SS_DATABASES="${SS_DATABASES:-ss_onboarding ss_portal ss_identity ss_eapplication ss_points ss_talent}"

SS_BIND_ADDRESS="${SS_BIND_ADDRESS:-127.0.0.1}"   # loopback only: dev passwords are public
SS_INFRA_TIMEOUT="${SS_INFRA_TIMEOUT:-120}"       # seconds to wait for each service

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
SS_PG_PORT="${SS_PG_PORT:-5432}"
SS_DB_LOCALE="${SS_DB_LOCALE:-C.UTF-8}"           # same collation on every machine
SS_OWNER_ROLE="${SS_OWNER_ROLE:-ss_owner}"
SS_OWNER_PASSWORD="${SS_OWNER_PASSWORD:-ss_owner_dev}"
SS_APP_ROLE="${SS_APP_ROLE:-ss_app}"
SS_APP_PASSWORD="${SS_APP_PASSWORD:-ss_app_dev}"
# The event relay role: runs each service's async daemon (the outbox relay), the one reader that
# must see every town's events; row-level security on the event tables lets only it read across towns.
SS_RELAY_ROLE="${SS_RELAY_ROLE:-ss_relay}"
SS_RELAY_PASSWORD="${SS_RELAY_PASSWORD:-ss_relay_dev}"
# 1 = objects the owner creates later (tables, sequences, schemas) are usable by
# the app role without each migration granting it.
SS_APP_DEFAULT_PRIVILEGES="${SS_APP_DEFAULT_PRIVILEGES:-1}"

SS_AMQP_PORT="${SS_AMQP_PORT:-5672}"
SS_RABBIT_VHOST="${SS_RABBIT_VHOST:-sharedservices}"
SS_RABBIT_USER="${SS_RABBIT_USER:-sharedservices}"
SS_RABBIT_PASSWORD="${SS_RABBIT_PASSWORD:-sharedservices_dev}"
SS_RABBIT_MANAGEMENT="${SS_RABBIT_MANAGEMENT:-1}"  # web UI; ships in the Debian package
SS_RABBIT_MANAGEMENT_PORT="${SS_RABBIT_MANAGEMENT_PORT:-15672}"
SS_RABBIT_PROMETHEUS_PORT="${SS_RABBIT_PROMETHEUS_PORT:-15692}"
SS_RABBIT_CONF_DIR="${SS_RABBIT_CONF_DIR:-/etc/rabbitmq}"

INSTALL_BROWSER="${INSTALL_BROWSER:-1}"            # browser tests use /usr/bin/chromium

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
say() { printf 'infra-up: %s\n' "$*"; }
die() { printf 'infra-up: ERROR: %s\n' "$*" >&2; exit 1; }

# Run tools from / so service users (postgres, rabbitmq) never complain about
# an unreadable working directory.
cd /

pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

APT_UPDATED=0
apt_install() {
  # Lock timeout: another engineer's apt run must not make us fail outright.
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  if [[ "$APT_UPDATED" == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "$@"
}

# write_if_changed FILE CONTENT -> returns 0 if the file was (re)written.
write_if_changed() {
  local file="$1" content="$2"
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]]; then
    return 1
  fi
  mkdir -p "$(dirname "$file")"
  printf '%s\n' "$content" >"$file.tmp.$$"
  chmod 0644 "$file.tmp.$$"
  mv -f "$file.tmp.$$" "$file"
  return 0
}

# ensure_block FILE BLOCK -> keeps exactly one marked block in FILE with BLOCK
# inside, leaving the rest of the file alone; returns 0 if the file changed.
BLOCK_BEGIN='# >>> SharedServices local dev (deploy/local/infra-up.sh) >>>'
BLOCK_END='# <<< SharedServices local dev <<<'
ensure_block() {
  local file="$1" block="$2" rest=""
  if [[ -f "$file" ]]; then
    rest="$(awk -v b="$BLOCK_BEGIN" -v e="$BLOCK_END" \
      '$0==b{skip=1;next} $0==e{skip=0;next} !skip' "$file")"
  fi
  local wanted
  if [[ -n "$rest" ]]; then
    wanted="$rest"$'\n'"$BLOCK_BEGIN"$'\n'"$block"$'\n'"$BLOCK_END"
  else
    wanted="$BLOCK_BEGIN"$'\n'"$block"$'\n'"$BLOCK_END"
  fi
  write_if_changed "$file" "$wanted"
}

# True when the short host name resolves to loopback only. Erlang CLI tools
# reach the node through that name, so the distribution listener may be bound
# to loopback only in that case.
hostname_is_loopback() {
  local h addrs
  h="$(hostname -s 2>/dev/null || hostname)"
  addrs="$(getent ahostsv4 "$h" 2>/dev/null | awk '{print $1}' | sort -u || true)"
  [[ -n "$addrs" ]] && ! grep -qv '^127\.' <<<"$addrs"
}

# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------
ensure_packages() {
  if pkg_installed "postgresql-$PG_VERSION"; then
    say "package postgresql-$PG_VERSION: installed"
  else
    apt_install postgresql "postgresql-$PG_VERSION"
    say "package postgresql-$PG_VERSION: installed now"
  fi
  if pkg_installed rabbitmq-server; then
    say "package rabbitmq-server: installed"
  else
    apt_install rabbitmq-server
    say "package rabbitmq-server: installed now"
  fi
  # test.sh summarises the .trx files with python3.
  if command -v python3 >/dev/null 2>&1; then
    say "python3: present"
  else
    apt_install python3
    say "python3: installed now"
  fi
}

# Browser tests drive Debian's Chromium at /usr/bin/chromium (no browser download).
ensure_browser() {
  if [[ "$INSTALL_BROWSER" != 1 ]]; then
    say "package chromium: skipped (INSTALL_BROWSER=$INSTALL_BROWSER)"
    return 0
  fi
  if pkg_installed chromium; then
    say "package chromium: installed"
  else
    apt_install chromium
    say "package chromium: installed now"
  fi
  [[ -x /usr/bin/chromium ]] || die "chromium installed but /usr/bin/chromium is missing"
  # Japanese pages need a CJK font, or screenshots and visual checks show empty boxes.
  if pkg_installed fonts-noto-cjk; then
    say "package fonts-noto-cjk: installed"
  else
    apt_install fonts-noto-cjk
    say "package fonts-noto-cjk: installed now"
  fi
}

# ---------------------------------------------------------------------------
# PostgreSQL server
# ---------------------------------------------------------------------------
PG_RESTART=0
PG_RELOAD=0

pg_running() { pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; }

ensure_postgres_server() {
  # The Debian package normally creates the cluster; recreate it if someone dropped it.
  if pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
    say "postgresql cluster $PG_VERSION/$PG_CLUSTER: exists"
  else
    pg_createcluster --locale "$SS_DB_LOCALE" -p "$SS_PG_PORT" "$PG_VERSION" "$PG_CLUSTER" >/dev/null
    say "postgresql cluster $PG_VERSION/$PG_CLUSTER: created"
  fi

  # Loopback only: the dev passwords below are public. A conf.d drop-in (read
  # after postgresql.conf, also by pg_ctlcluster) leaves Debian's file untouched.
  local dropin="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/50-sharedservices.conf"
  if write_if_changed "$dropin" "# Managed by deploy/local/infra-up.sh (SharedServices local dev).
listen_addresses = '$SS_BIND_ADDRESS'
port = $SS_PG_PORT
# Every service and test host keeps its own pools (runtime, relay, owner): 100 runs out when
# several test fixtures run side by side.
max_connections = 400"; then
    chown postgres:postgres "$dropin"
    PG_RESTART=1
    say "postgresql listen $SS_BIND_ADDRESS:$SS_PG_PORT ($dropin): written"
  else
    say "postgresql listen $SS_BIND_ADDRESS:$SS_PG_PORT ($dropin): ok"
  fi

  # Password (scram) login over TCP on loopback. Debian's default pg_hba.conf
  # already has "host all all 127.0.0.1/32 scram-sha-256"; add our own line only
  # if that is gone, so a customised file is otherwise left alone.
  local hba addr_re our_line
  hba="$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show hba_file 2>/dev/null || true)"
  hba="${hba:-/etc/postgresql/$PG_VERSION/$PG_CLUSTER/pg_hba.conf}"
  addr_re="${SS_BIND_ADDRESS//./\\.}/32"
  our_line="host all $SS_OWNER_ROLE,$SS_APP_ROLE,$SS_RELAY_ROLE $SS_BIND_ADDRESS/32 scram-sha-256"
  if grep -Eq "^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+${addr_re}[[:space:]]+(scram-sha-256|md5)([[:space:]]|$)" "$hba" \
     || grep -Fxq "$our_line" "$hba"; then
    say "postgresql pg_hba password login on $SS_BIND_ADDRESS: ok"
  else
    # First match wins in pg_hba.conf, so the line goes on top.
    sed -i "1i $our_line  # added by deploy/local/infra-up.sh" "$hba"
    PG_RELOAD=1
    say "postgresql pg_hba password login on $SS_BIND_ADDRESS: added"
  fi

  # Password login over the Unix socket too, for our roles only (Debian's "local all all peer" would
  # refuse them): the submissions benchmark's "socket" transport, the same for the service and pgbench.
  local socket_line="local all $SS_OWNER_ROLE,$SS_APP_ROLE,$SS_RELAY_ROLE scram-sha-256"
  if grep -Fq "$socket_line" "$hba"; then
    say "postgresql pg_hba password login on the Unix socket: ok"
  else
    sed -i "1i $socket_line  # added by deploy/local/infra-up.sh" "$hba"
    PG_RELOAD=1
    say "postgresql pg_hba password login on the Unix socket: added"
  fi

  if pg_running; then
    if [[ "$PG_RESTART" == 1 ]]; then
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
      say "postgresql $PG_VERSION/$PG_CLUSTER: restarted (settings changed)"
    elif [[ "$PG_RELOAD" == 1 ]]; then
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload
      say "postgresql $PG_VERSION/$PG_CLUSTER: reloaded (pg_hba changed)"
    else
      say "postgresql $PG_VERSION/$PG_CLUSTER: running"
    fi
  else
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start \
      || die "PostgreSQL $PG_VERSION/$PG_CLUSTER failed to start; see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    say "postgresql $PG_VERSION/$PG_CLUSTER: started"
  fi

  local deadline=$((SECONDS + SS_INFRA_TIMEOUT))
  until pg_isready -q -h "$SS_BIND_ADDRESS" -p "$SS_PG_PORT" -t 2; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" >&2 2>/dev/null || true
      die "PostgreSQL did not answer on $SS_BIND_ADDRESS:$SS_PG_PORT within ${SS_INFRA_TIMEOUT}s"
    fi
    sleep 1
  done
  say "postgresql answering on $SS_BIND_ADDRESS:$SS_PG_PORT: ok"
}

# ---------------------------------------------------------------------------
# PostgreSQL roles and databases
# ---------------------------------------------------------------------------
# psql as the postgres superuser over the local socket (peer auth). SQL comes on
# stdin so psql variables (:'x' literal, :"x" identifier) quote every value.
pg_sql() {
  local db="$1"; shift
  runuser -u postgres -- psql -X -q -A -t -v ON_ERROR_STOP=1 -p "$SS_PG_PORT" -d "$db" \
    -v owner="$SS_OWNER_ROLE" -v app="$SS_APP_ROLE" "$@"
}

# Can ROLE log in with PASSWORD over TCP, the way the services will?
pg_tcp_login_ok() {
  PGPASSWORD="$2" PGCONNECT_TIMEOUT=5 psql -X -q -w -h "$SS_BIND_ADDRESS" -p "$SS_PG_PORT" \
    -U "$1" -d "${3:-postgres}" -tAc 'select 1' >/dev/null 2>&1
}

# ensure_role NAME PASSWORD "ATTRS" (ATTRS in the order LOGIN SUPERUSER CREATEDB CREATEROLE BYPASSRLS)
ensure_role() {
  local name="$1" pw="$2" attrs="$3" cur
  cur="$(pg_sql postgres -v r="$name" <<'SQL'
select concat_ws(' ',
  case when rolcanlogin  then 'LOGIN'     else 'NOLOGIN'     end,
  case when rolsuper     then 'SUPERUSER' else 'NOSUPERUSER' end,
  case when rolcreatedb  then 'CREATEDB'  else 'NOCREATEDB'  end,
  case when rolcreaterole then 'CREATEROLE' else 'NOCREATEROLE' end,
  case when rolbypassrls then 'BYPASSRLS' else 'NOBYPASSRLS' end)
from pg_roles where rolname = :'r';
SQL
)"
  if [[ -z "$cur" ]]; then
    pg_sql postgres -v r="$name" -v pw="$pw" <<<"CREATE ROLE :\"r\" $attrs PASSWORD :'pw';"
    say "postgresql role $name ($attrs): created"
    return 0
  fi
  if [[ "$cur" != "$attrs" ]]; then
    pg_sql postgres -v r="$name" <<<"ALTER ROLE :\"r\" $attrs;"
    say "postgresql role $name ($attrs): attributes fixed (were $cur)"
  else
    say "postgresql role $name ($attrs): ok"
  fi
  # Reset the password only when it does not work, so a re-run changes nothing.
  if pg_tcp_login_ok "$name" "$pw"; then
    say "postgresql role $name password: ok"
  else
    pg_sql postgres -v r="$name" -v pw="$pw" <<<"ALTER ROLE :\"r\" PASSWORD :'pw';"
    say "postgresql role $name password: set"
  fi
}

ensure_postgres_objects() {
  ensure_role "$SS_OWNER_ROLE" "$SS_OWNER_PASSWORD" "LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOBYPASSRLS"
  ensure_role "$SS_APP_ROLE" "$SS_APP_PASSWORD" "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"

  # The app role must not be able to SET ROLE to the owner, or RLS could be sidestepped.
  if [[ "$(pg_sql postgres <<<"select count(*) from pg_auth_members where member = :'app'::regrole and roleid = :'owner'::regrole;")" != 0 ]]; then
    pg_sql postgres <<<"REVOKE :\"owner\" FROM :\"app\";"
    say "postgresql role $SS_APP_ROLE not member of $SS_OWNER_ROLE: revoked"
  else
    say "postgresql role $SS_APP_ROLE not member of $SS_OWNER_ROLE: ok"
  fi

  ensure_role "$SS_RELAY_ROLE" "$SS_RELAY_PASSWORD" "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
  # The relay waits out live appends before skipping a sequence gap; it must see other roles' transactions.
  if [[ "$(pg_sql postgres -v r="$SS_RELAY_ROLE" <<<"select count(*) from pg_auth_members where member = :'r'::regrole and roleid = 'pg_read_all_stats'::regrole;")" == 0 ]]; then
    pg_sql postgres -v r="$SS_RELAY_ROLE" <<<"GRANT pg_read_all_stats TO :\"r\";"
    say "postgresql role $SS_RELAY_ROLE member of pg_read_all_stats: granted"
  else
    say "postgresql role $SS_RELAY_ROLE member of pg_read_all_stats: ok"
  fi

  # The owner drops databases (the tests' throwaway ones) while the app role may still be
  # connected: DROP DATABASE ... WITH (FORCE) needs the right to end those sessions.
  if [[ "$(pg_sql postgres <<<"select count(*) from pg_auth_members where member = :'owner'::regrole and roleid = 'pg_signal_backend'::regrole;")" == 0 ]]; then
    pg_sql postgres <<<"GRANT pg_signal_backend TO :\"owner\";"
    say "postgresql role $SS_OWNER_ROLE member of pg_signal_backend: granted"
  else
    say "postgresql role $SS_OWNER_ROLE member of pg_signal_backend: ok"
  fi

  local db owner
  for db in $SS_DATABASES; do
    owner="$(pg_sql postgres -v d="$db" <<<"select pg_get_userbyid(datdba) from pg_database where datname = :'d';")"
    if [[ -z "$owner" ]]; then
      # CREATE DATABASE cannot run in a transaction block, hence its own call.
      pg_sql postgres -v d="$db" -v loc="$SS_DB_LOCALE" \
        <<<"CREATE DATABASE :\"d\" OWNER :\"owner\" TEMPLATE template0 ENCODING 'UTF8' LOCALE :'loc';"
      say "postgresql database $db (owner $SS_OWNER_ROLE): created"
    elif [[ "$owner" != "$SS_OWNER_ROLE" ]]; then
      pg_sql postgres -v d="$db" <<<"ALTER DATABASE :\"d\" OWNER TO :\"owner\";"
      say "postgresql database $db (owner $SS_OWNER_ROLE): owner changed (was $owner)"
    else
      say "postgresql database $db (owner $SS_OWNER_ROLE): ok"
    fi

    # Explicit grant, so it survives a later REVOKE ... FROM PUBLIC.
    if [[ "$(pg_sql postgres -v d="$db" <<'SQL'
select count(distinct a.privilege_type)
from pg_database d, aclexplode(d.datacl) a
where d.datname = :'d' and a.grantee = :'app'::regrole
  and a.privilege_type in ('CONNECT', 'TEMPORARY');
SQL
)" != 2 ]]; then
      pg_sql postgres -v d="$db" <<<"GRANT CONNECT, TEMPORARY ON DATABASE :\"d\" TO :\"app\";"
      say "postgresql database $db: granted CONNECT, TEMPORARY to $SS_APP_ROLE"
    else
      say "postgresql database $db: CONNECT, TEMPORARY for $SS_APP_ROLE ok"
    fi
    pg_sql postgres -v d="$db" -v r="$SS_RELAY_ROLE" <<<"GRANT CONNECT ON DATABASE :\"d\" TO :\"r\";"

    # Nobody but the owner creates objects in public (PG15 default; enforce it).
    if [[ "$(pg_sql "$db" <<<"select count(*) from pg_namespace n, aclexplode(n.nspacl) a where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE';")" != 0 ]]; then
      pg_sql "$db" <<<"REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
      say "postgresql database $db: revoked CREATE on schema public from PUBLIC"
    else
      say "postgresql database $db: no CREATE on schema public for PUBLIC ok"
    fi

    if [[ "$SS_APP_DEFAULT_PRIVILEGES" == 1 ]]; then
      if [[ "$(pg_sql "$db" <<'SQL'
select count(*)
from pg_default_acl d, aclexplode(d.defaclacl) a
where d.defaclrole = :'owner'::regrole and d.defaclnamespace = 0
  and a.grantee = :'app'::regrole
  and (d.defaclobjtype::text, a.privilege_type) in
      (('r','SELECT'), ('r','INSERT'), ('r','UPDATE'), ('r','DELETE'),
       ('S','USAGE'), ('S','SELECT'), ('n','USAGE'));
SQL
)" != 7 ]]; then
        pg_sql "$db" <<'SQL'
BEGIN;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE, SELECT ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE ON SCHEMAS TO :"app";
COMMIT;
SQL
        say "postgresql database $db: default privileges of $SS_OWNER_ROLE's new objects for $SS_APP_ROLE set"
      else
        say "postgresql database $db: default privileges of $SS_OWNER_ROLE's new objects for $SS_APP_ROLE ok"
      fi
    fi
  done

  # Final check, from the services' point of view.
  local first_db="${SS_DATABASES%% *}"
  pg_tcp_login_ok "$SS_APP_ROLE" "$SS_APP_PASSWORD" "$first_db" \
    || die "$SS_APP_ROLE cannot log in over TCP to $SS_BIND_ADDRESS:$SS_PG_PORT/$first_db (check pg_hba.conf)"
  pg_tcp_login_ok "$SS_OWNER_ROLE" "$SS_OWNER_PASSWORD" "$first_db" \
    || die "$SS_OWNER_ROLE cannot log in over TCP to $SS_BIND_ADDRESS:$SS_PG_PORT/$first_db (check pg_hba.conf)"
  [[ "$(pg_sql "$first_db" <<<"select has_schema_privilege(:'app', 'public', 'CREATE');")" == f ]] \
    || die "$SS_APP_ROLE can create objects in $first_db.public; it must not"
  say "postgresql TCP password login as $SS_OWNER_ROLE and $SS_APP_ROLE: ok"
}

# ---------------------------------------------------------------------------
# RabbitMQ server
# ---------------------------------------------------------------------------
RABBIT_RESTART=0
RABBIT_EPMD_CHANGED=0
RABBIT_START_LOG=/var/log/rabbitmq/sharedservices-start.log

rabbit_running() { rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
rabbit_beam_alive() { pgrep -u rabbitmq -f 'beam.*rabbit' >/dev/null 2>&1; }

rabbit_fail() {
  {
    echo "--- $RABBIT_START_LOG"; tail -n 20 "$RABBIT_START_LOG" 2>/dev/null || true
    local f; f="$(find /var/log/rabbitmq -maxdepth 1 -name 'rabbit@*.log' -printf '%T@ %p\n' 2>/dev/null | sort -rn | awk 'NR==1 {print $2}' || true)"
    [[ -n "$f" ]] && { echo "--- $f"; tail -n 30 "$f"; }
  } >&2
  die "$1"
}

rabbit_stop_and_wait() {
  rabbitmqctl -q stop >/dev/null 2>&1 || true
  local deadline=$((SECONDS + SS_INFRA_TIMEOUT))
  while rabbit_beam_alive; do
    ((SECONDS < deadline)) || die "RabbitMQ did not stop within ${SS_INFRA_TIMEOUT}s"
    sleep 1
  done
}

ensure_rabbit_server() {
  local conf="$SS_RABBIT_CONF_DIR/rabbitmq.conf"
  local env_conf="$SS_RABBIT_CONF_DIR/rabbitmq-env.conf"
  local plugins_file="$SS_RABBIT_CONF_DIR/enabled_plugins"
  local mgmt=0

  # Management UI: enabled offline (just writes enabled_plugins); the plugin is
  # in the Debian package, nothing is downloaded.
  # With it, rabbitmq_prometheus: queue depths for Prometheus on $SS_RABBIT_PROMETHEUS_PORT
  # (/metrics/detailed?family=queue_coarse_metrics, as deploy/grafana/prometheus.*.yml scrape it).
  if [[ -f "$plugins_file" ]] && grep -qw rabbitmq_management "$plugins_file" && grep -qw rabbitmq_prometheus "$plugins_file"; then
    mgmt=1
    say "rabbitmq plugins rabbitmq_management, rabbitmq_prometheus: enabled"
  elif [[ "$SS_RABBIT_MANAGEMENT" == 1 ]]; then
    rabbitmq-plugins -q enable --offline rabbitmq_management rabbitmq_prometheus >/dev/null
    mgmt=1
    RABBIT_RESTART=1
    say "rabbitmq plugins rabbitmq_management, rabbitmq_prometheus: enabled now"
  else
    say "rabbitmq plugins rabbitmq_management, rabbitmq_prometheus: skipped (SS_RABBIT_MANAGEMENT=$SS_RABBIT_MANAGEMENT)"
  fi

  # Loopback-only listeners. Management keys only when the plugin is on: the
  # broker refuses to boot on keys of a disabled plugin.
  local body
  body="# Managed by deploy/local/infra-up.sh (SharedServices local dev); rewritten on change.
# Loopback only: the dev credentials are public.
listeners.tcp.default = $SS_BIND_ADDRESS:$SS_AMQP_PORT"
  local dist_loopback=0
  if hostname_is_loopback; then
    dist_loopback=1
    body+="
# Erlang distribution (CLI tools <-> node, port 25672) on loopback only too.
distribution.listener.interface = $SS_BIND_ADDRESS"
  fi
  if [[ "$mgmt" == 1 ]]; then
    body+="
management.tcp.ip = $SS_BIND_ADDRESS
management.tcp.port = $SS_RABBIT_MANAGEMENT_PORT
prometheus.tcp.ip = $SS_BIND_ADDRESS
prometheus.tcp.port = $SS_RABBIT_PROMETHEUS_PORT"
  fi
  if [[ -f "$conf" && ! -f "$conf.before-sharedservices" ]] && ! grep -q 'deploy/local/infra-up.sh' "$conf"; then
    cp -p "$conf" "$conf.before-sharedservices"   # keep someone's own config once
  fi
  if write_if_changed "$conf" "$body"; then
    RABBIT_RESTART=1
    say "rabbitmq config $conf (listen $SS_BIND_ADDRESS:$SS_AMQP_PORT): written"
  else
    say "rabbitmq config $conf (listen $SS_BIND_ADDRESS:$SS_AMQP_PORT): ok"
  fi

  # epmd (Erlang port mapper, 4369) otherwise listens on all interfaces. Only
  # when the host name is loopback, since CLI tools look the node up through it.
  if [[ "$dist_loopback" == 1 ]]; then
    if ensure_block "$env_conf" "ERL_EPMD_ADDRESS=$SS_BIND_ADDRESS"; then
      RABBIT_RESTART=1
      RABBIT_EPMD_CHANGED=1
      say "rabbitmq epmd/distribution on $SS_BIND_ADDRESS only: configured"
    else
      say "rabbitmq epmd/distribution on $SS_BIND_ADDRESS only: ok"
    fi
  else
    say "rabbitmq epmd/distribution: left on all interfaces (host name $(hostname -s) is not loopback)"
  fi

  if rabbit_running; then
    if [[ "$RABBIT_RESTART" == 0 ]]; then
      say "rabbitmq node: running"
    else
      rabbit_stop_and_wait
      say "rabbitmq node: stopped to apply changed settings"
    fi
  fi
  if ! rabbit_running; then
    # A stale epmd keeps its old (all-interfaces) socket; it is restarted with the node.
    if [[ "$RABBIT_EPMD_CHANGED" == 1 ]]; then epmd -kill >/dev/null 2>&1 || true; fi
    # Debian forbids service auto-start (policy-rc.d), so start the node by hand.
    # Output to a file: the detached VM must not hold our stdout open.
    rabbitmq-server -detached </dev/null >>"$RABBIT_START_LOG" 2>&1 \
      || rabbit_fail "rabbitmq-server -detached failed"
    say "rabbitmq node: started"
  fi

  local deadline=$((SECONDS + SS_INFRA_TIMEOUT)) grace=$((SECONDS + 15))
  until timeout 60 rabbitmqctl -q await_startup >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      rabbit_fail "RabbitMQ did not finish starting within ${SS_INFRA_TIMEOUT}s"
    fi
    if ((SECONDS >= grace)) && ! rabbit_beam_alive; then
      rabbit_fail "RabbitMQ node exited during startup"
    fi
    sleep 2
  done
  until timeout 2 bash -c ": >/dev/tcp/$SS_BIND_ADDRESS/$SS_AMQP_PORT" 2>/dev/null; do
    ((SECONDS < deadline)) || rabbit_fail "RabbitMQ does not answer on $SS_BIND_ADDRESS:$SS_AMQP_PORT"
    sleep 1
  done
  say "rabbitmq answering on $SS_BIND_ADDRESS:$SS_AMQP_PORT: ok"
}

# ---------------------------------------------------------------------------
# RabbitMQ vhost, user, permissions
# ---------------------------------------------------------------------------
ensure_rabbit_objects() {
  # Listings are captured first: grep -q closing a pipe early would trip pipefail.
  local vhosts users
  vhosts="$(rabbitmqctl -q list_vhosts name --no-table-headers)"
  users="$(rabbitmqctl -q list_users --no-table-headers | awk -F'\t' '{print $1}')"
  if grep -Fxq "$SS_RABBIT_VHOST" <<<"$vhosts"; then
    say "rabbitmq vhost $SS_RABBIT_VHOST: ok"
  else
    rabbitmqctl -q add_vhost "$SS_RABBIT_VHOST" >/dev/null
    say "rabbitmq vhost $SS_RABBIT_VHOST: created"
  fi

  if grep -Fxq "$SS_RABBIT_USER" <<<"$users"; then
    if rabbitmqctl -q authenticate_user "$SS_RABBIT_USER" "$SS_RABBIT_PASSWORD" >/dev/null 2>&1; then
      say "rabbitmq user $SS_RABBIT_USER: ok"
    else
      rabbitmqctl -q change_password "$SS_RABBIT_USER" "$SS_RABBIT_PASSWORD" >/dev/null
      say "rabbitmq user $SS_RABBIT_USER: password set"
    fi
  else
    rabbitmqctl -q add_user "$SS_RABBIT_USER" "$SS_RABBIT_PASSWORD" >/dev/null
    say "rabbitmq user $SS_RABBIT_USER: created"
  fi

  local perms
  perms="$(rabbitmqctl -q list_user_permissions "$SS_RABBIT_USER" --no-table-headers \
    | awk -F'\t' -v v="$SS_RABBIT_VHOST" '$1==v {print $2" "$3" "$4}')"
  if [[ "$perms" == ".* .* .*" ]]; then
    say "rabbitmq permissions $SS_RABBIT_USER on $SS_RABBIT_VHOST (.* .* .*): ok"
  else
    rabbitmqctl -q set_permissions -p "$SS_RABBIT_VHOST" "$SS_RABBIT_USER" '.*' '.*' '.*' >/dev/null
    say "rabbitmq permissions $SS_RABBIT_USER on $SS_RABBIT_VHOST (.* .* .*): set"
  fi
}

main() {
  [[ "$(id -u)" == 0 ]] || die "run as root (installs packages and starts system services)"
  ensure_packages
  ensure_browser
  ensure_postgres_server
  ensure_rabbit_server
  ensure_postgres_objects
  ensure_rabbit_objects
  say "done: postgresql $SS_BIND_ADDRESS:$SS_PG_PORT, rabbitmq amqp://$SS_BIND_ADDRESS:$SS_AMQP_PORT/$SS_RABBIT_VHOST"
}

main "$@"
