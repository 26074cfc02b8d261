#!/usr/bin/env bash
# Stops the local RabbitMQ node and PostgreSQL cluster started by infra-up.sh.
# Data and configuration stay; infra-up.sh brings them back. Anything already
# stopped (or not installed) is reported and skipped, so this never fails on that.
set -euo pipefail

PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
SS_INFRA_TIMEOUT="${SS_INFRA_TIMEOUT:-120}"

say() { printf 'infra-down: %s\n' "$*"; }
die() { printf 'infra-down: ERROR: %s\n' "$*" >&2; exit 1; }

cd /   # service users must be able to read the working directory

[[ "$(id -u)" == 0 ]] || die "run as root"

if ! command -v rabbitmqctl >/dev/null 2>&1; then
  say "rabbitmq: not installed"
elif pgrep -u rabbitmq -f 'beam.*rabbit' >/dev/null 2>&1; then
  rabbitmqctl -q stop >/dev/null 2>&1 || true
  deadline=$((SECONDS + SS_INFRA_TIMEOUT))
  # rabbitmqctl stop returns before the VM has fully exited; wait for it.
  while pgrep -u rabbitmq -f 'beam.*rabbit' >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "RabbitMQ still running after ${SS_INFRA_TIMEOUT}s"
    sleep 1
  done
  say "rabbitmq: stopped"
else
  say "rabbitmq: already stopped"
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  say "postgresql: not installed"
elif pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
  say "postgresql $PG_VERSION/$PG_CLUSTER: stopped"
else
  say "postgresql $PG_VERSION/$PG_CLUSTER: already stopped"
fi
