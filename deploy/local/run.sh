#!/usr/bin/env bash
# Runs the whole platform on this machine: infrastructure (PostgreSQL, RabbitMQ), every service,
# and a demo prefecture (山形県) with four towns. Prints where to open it; Ctrl+C stops the services
# (PostgreSQL and RabbitMQ keep running: deploy/local/infra-down.sh stops them).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
logs="$root/.run/logs"
mkdir -p "$logs"

ONBOARDING_URL="${SS_ONBOARDING_URL:-http://127.0.0.1:5101}"
# The public entrance is the edge gateway (services/Gateway) on the portal's port; the portal itself
# listens behind it, on loopback only.
PORTAL_PORT="${SS_PORTAL_PORT:-5100}"
GATEWAY_URL="http://127.0.0.1:$PORTAL_PORT"
PORTAL_URL="${SS_PORTAL_INTERNAL_URL:-http://127.0.0.1:5110}"
# Identity's public address (the issuer every service and browser uses) is the gateway too, on a port of
# its own; the identity service itself listens behind it, on loopback only.
IDENTITY_PORT="${SS_IDENTITY_PORT:-5102}"
IDENTITY_URL="http://127.0.0.1:$IDENTITY_PORT"
IDENTITY_INTERNAL_URL="${SS_IDENTITY_INTERNAL_URL:-http://127.0.0.1:5112}"
EAPPLICATION_URL="${SS_EAPPLICATION_URL:-http://127.0.0.1:5103}"
POINTS_URL="${SS_POINTS_URL:-http://127.0.0.1:5104}"
TALENT_URL="${SS_TALENT_URL:-http://127.0.0.1:5105}"
# The gateway's own Prometheus metrics are on a port of their own, never on the public one.
GATEWAY_METRICS_PORT="${SS_GATEWAY_METRICS_PORT:-5190}"
SMTP_PORT="${SS_SMTP_PORT:-2525}"
mail="$root/.run/mail"
# Identity (invitations, password resets) and e-application (受付完了メール, 差戻し) mail to the SMTP
# sink; identity's links point at itself, e-application's at the town's page on the portal.
export Smtp__Host=127.0.0.1 Smtp__Port="$SMTP_PORT" Identity__PublicUrl="$IDENTITY_URL"
export EApplication__PortalUrlTemplate="http://{slug}.localhost:$PORTAL_PORT/"

bash deploy/local/infra-up.sh
dotnet build SharedServices.sln -c Release -nologo -clp:ErrorsOnly

pids=()
stop_services() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_services EXIT INT TERM

# start NAME PROJECT_DIR URL [SETTING...]
start() {
  local name="$1" dir="$2" url="$3"
  shift 3
  ASPNETCORE_ENVIRONMENT=Development DOTNET_NOLOGO=1 \
    dotnet "$root/$dir/bin/Release/net10.0/SharedServices.$name.dll" --urls "$url" --contentRoot "$root/$dir" "$@" \
    >"$logs/$name.log" 2>&1 &
  pids+=("$!")
}

# wait_ready NAME URL
wait_ready() {
  local name="$1" url="$2"
  for _ in $(seq 1 120); do
    if curl -fsS "$url/health/ready" >/dev/null 2>&1; then echo "run: $name ready at $url"; return 0; fi
    sleep 0.5
  done
  echo "run: $name did not become ready; see $logs/$name.log" >&2
  tail -20 "$logs/$name.log" >&2
  exit 1
}

# The SMTP sink (deploy/SmtpSink): keeps every mail as an .eml file in .run/mail, one log line each.
DOTNET_NOLOGO=1 dotnet "$root/deploy/SmtpSink/bin/Release/net10.0/SharedServices.SmtpSink.dll" \
  --port "$SMTP_PORT" --folder "$mail" >"$logs/SmtpSink.log" 2>&1 &
pids+=("$!")

# The demo towns of 山形県 (060003) are onboarded by the onboarding service itself at start-up
# (Development only; towns already onboarded are left alone, so this is safe to repeat).
start Onboarding services/Onboarding "$ONBOARDING_URL" "--Onboarding:DemoTownsFile=$root/deploy/local/demo-towns.json"
# The portal's pages call e-application, points and talent sharing with the signed-in person's token.
start Portal services/Portal "$PORTAL_URL" "--Services:EApplication=$EAPPLICATION_URL/" "--Services:Points=$POINTS_URL/" "--Services:Talent=$TALENT_URL/" "--Services:Onboarding=$ONBOARDING_URL/"
start Identity services/Identity "$IDENTITY_INTERNAL_URL"
# The demo towns' procedures (水道開栓・閉栓, 粗大ごみ…) are adopted and published as each town arrives.
start EApplication services/EApplication "$EAPPLICATION_URL" "--EApplication:DemoProceduresFile=$root/deploy/local/demo-procedures.json"
# Local points (地域ポイント): campaigns, wallets, merchants; grants on e-application's approvals.
# 金山町's demo merchant and campaigns (deploy/local/demo-points.json) are set up as the town arrives.
start Points services/Points "$POINTS_URL" "--Points:DemoFile=$root/deploy/local/demo-points.json" \
  "--Points:PortalUrlTemplate=http://{slug}.localhost:$PORTAL_PORT/"
# Talent sharing (デジタル人材シェアリング): the prefecture's registry, towns' needs, assignments.
start Talent services/Talent "$TALENT_URL"
# The edge gateway: town hosts and paths to the portal, /api/{service}/ to each service's API, identity's
# port to identity, rate and size limits, security headers (services/Gateway/appsettings.json).
start Gateway services/Gateway "$GATEWAY_URL;$IDENTITY_URL;http://127.0.0.1:$GATEWAY_METRICS_PORT" "--Metrics:Port=$GATEWAY_METRICS_PORT" \
  "--ReverseProxy:Routes:identity:Match:Hosts:0=127.0.0.1:$IDENTITY_PORT" \
  "--ReverseProxy:Routes:identity:Match:Hosts:1=localhost:$IDENTITY_PORT" \
  "--ReverseProxy:Clusters:identity:Destinations:a:Address=$IDENTITY_INTERNAL_URL/" \
  "--ReverseProxy:Clusters:portal:Destinations:a:Address=$PORTAL_URL/" \
  "--ReverseProxy:Clusters:onboarding:Destinations:a:Address=$ONBOARDING_URL/" \
  "--ReverseProxy:Clusters:eapplication:Destinations:a:Address=$EAPPLICATION_URL/" \
  "--ReverseProxy:Clusters:points:Destinations:a:Address=$POINTS_URL/" \
  "--ReverseProxy:Clusters:talent:Destinations:a:Address=$TALENT_URL/"
wait_ready Onboarding "$ONBOARDING_URL"
wait_ready Portal "$PORTAL_URL"
wait_ready Identity "$IDENTITY_INTERNAL_URL"
wait_ready EApplication "$EAPPLICATION_URL"
wait_ready Points "$POINTS_URL"
wait_ready Talent "$TALENT_URL"
wait_ready Gateway "$GATEWAY_URL"

cat <<EOF2

SharedServices is running (山形県 and four towns). Open:
  Prefecture portal (list of towns)  http://localhost:$PORTAL_PORT/
  金山町 by host                      http://kaneyama.localhost:$PORTAL_PORT/
  金山町 by path                      http://localhost:$PORTAL_PORT/t/kaneyama/
  Prefecture console (operators)     http://localhost:$PORTAL_PORT/Prefecture
  Identity (OpenID Connect)          $IDENTITY_URL/.well-known/openid-configuration   (through the gateway; the service behind it at $IDENTITY_INTERNAL_URL)
  Onboarding API (operators)         $ONBOARDING_URL/operator/municipalities   (Bearer token of a prefecture operator)
  E-application API (電子申請)        http://kaneyama.localhost:$PORTAL_PORT/api/eapplication/procedures   (Bearer token, through the gateway; OpenAPI at $EAPPLICATION_URL/openapi/v1.json)
  Local points (地域ポイント)          http://kaneyama.localhost:$PORTAL_PORT/Resident/Points, /Console/Points; merchants http://localhost:$PORTAL_PORT/Merchant
  Talent sharing (デジタル人材)       talent http://localhost:$PORTAL_PORT/Talent; towns http://kaneyama.localhost:$PORTAL_PORT/Console/Talent; prefecture http://localhost:$PORTAL_PORT/Prefecture/Talent
  Talent API                         http://localhost:$PORTAL_PORT/api/talent/prefecture/needs   (Bearer token, through the gateway; OpenAPI at $TALENT_URL/openapi/v1.json)
  Points API                         http://kaneyama.localhost:$PORTAL_PORT/api/points/campaigns   (Bearer token, through the gateway; OpenAPI at $POINTS_URL/openapi/v1.json)
  Mail (SMTP sink 127.0.0.1:$SMTP_PORT)   $mail/*.eml  (invitations, password resets, application receipts; log: $logs/SmtpSink.log)
  OpenAPI documents                  $ONBOARDING_URL/openapi/v1.json, $PORTAL_URL/openapi/v1.json, $IDENTITY_URL/openapi/v1.json
  Gateway (the public entrance)      $GATEWAY_URL/  portal behind it at $PORTAL_URL; /api/{eapplication,points,talent,onboarding}/ by town host or /t/{slug}/api/…
  Health                             $GATEWAY_URL/health/ready, $ONBOARDING_URL/health/ready, $PORTAL_URL/health/ready, $IDENTITY_INTERNAL_URL/health/ready, $EAPPLICATION_URL/health/ready, $POINTS_URL/health/ready, $TALENT_URL/health/ready
  Metrics (Prometheus)               $ONBOARDING_URL/metrics … $TALENT_URL/metrics, gateway http://127.0.0.1:$GATEWAY_METRICS_PORT/metrics, RabbitMQ http://127.0.0.1:15692/metrics; deploy/grafana/README.md
  RabbitMQ management                http://127.0.0.1:15672/ (sharedservices / sharedservices_dev)
Demo sign-ins (passwords: services/Identity/appsettings.Development.json, Identity:Seed):
  operator@pref.yamagata.example   prefecture operator (enrols an authenticator app at the first sign-in)
  admin@kaneyama.example, staff@kaneyama.example   金山町 admin and staff (likewise)
  resident@kaneyama.example        金山町 resident (enrol in かねやま応援ポイント at /Resident/Points, then pay the demo shop)
  merchant@kaneyama.example        金山町 ふれあい商店, a merchant (加盟店): http://localhost:$PORTAL_PORT/Merchant
  talent@pref.yamagata.example     a person of the talent registry (デジタル人材, no town): http://localhost:$PORTAL_PORT/Talent
  金山町's first administrator (soumu@kaneyama.example) is invited by mail: follow the link in $mail.
Logs: $logs/. Press Ctrl+C to stop the services.
EOF2

wait -n "${pids[@]}" || true
echo "run: a service stopped; see $logs" >&2
