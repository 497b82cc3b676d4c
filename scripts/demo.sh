#!/usr/bin/env bash
# The demo without Docker: the simulator, node_exporter and Prometheus (Debian's binaries) with the shipped
# rules, and the preview host, all on loopback. Ctrl-C stops everything.
#   PROFILE=proposed SCENARIO=steady-pd SIM_PORT=9400 PROM_PORT=9090 NODE_EXPORTER_PORT=9100 PREVIEW_PORT=3000 npm run demo
# PROFILE picks which exporters the simulator imitates: proposed (default: upstream vLLM plus the proposed EPLB,
# expert and DBO families), vllm (what upstream exports today), vllm-eplb-prs, sglang, legacy-vllm.
# SIM_ARGS adds simulator flags; by default the per-expert DEBUG metric is on, so the expert matrix has data.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=${PROFILE:-proposed}
SCENARIO=${SCENARIO:-steady-pd}
SIM_ARGS=${SIM_ARGS:---expert-debug}
SIM_PORT=${SIM_PORT:-9400}
PROM_PORT=${PROM_PORT:-9090}
NODE_EXPORTER_PORT=${NODE_EXPORTER_PORT:-9100}
PREVIEW_PORT=${PREVIEW_PORT:-3000}
# shellcheck source=scripts/lib/services.sh
. scripts/lib/services.sh
STATE=$(state_dir_inside "$PWD" "${STATE_DIR:-.stack}") || exit 1

NEED_BROWSER=0 bash scripts/setup.sh

for port in "$SIM_PORT" "$PROM_PORT" "$NODE_EXPORTER_PORT" "$PREVIEW_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "demo: port $port is already in use; set SIM_PORT, PROM_PORT, NODE_EXPORTER_PORT or PREVIEW_PORT" >&2
    exit 1
  fi
done

# The preview host boots the built plugin (dist/module.js), as Grafana would: build it when src/ changed.
if [ ! -f dist/module.js ] || [ -n "$(find src -newer dist/module.js -type f | head -1)" ]; then
  echo "demo: building the plugin"
  npm run -s build >/dev/null
fi
if [ ! -f preview/dist/index.html ] || [ -n "$(find preview/src preview/webpack.config.js -newer preview/dist/index.html -type f | head -1)" ]; then
  echo "demo: building the preview host"
  npm run -s preview:build >/dev/null
fi

rm -rf "$STATE" && mkdir -p "$STATE"
cleanup() {
  trap - EXIT INT TERM
  stop_services
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086 # SIM_ARGS is a list of flags
start_service "$STATE/simulator.log" npm run -s sim -- --host 127.0.0.1 --port "$SIM_PORT" --profile "$PROFILE" --scenario "$SCENARIO" $SIM_ARGS
NODE_EXPORTER=$(command -v prometheus-node-exporter || echo /usr/bin/prometheus-node-exporter)
start_service "$STATE/node-exporter.log" "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$NODE_EXPORTER_PORT"

npx tsx scripts/write-prometheus-config.ts --simulator "127.0.0.1:$SIM_PORT" --node-exporter "127.0.0.1:$NODE_EXPORTER_PORT" \
  --rules "$PWD/deploy/prometheus/rules" --out "$STATE/prometheus.yml"
start_service "$STATE/prometheus.log" prometheus --config.file="$STATE/prometheus.yml" --storage.tsdb.path="$STATE/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT"
start_service "$STATE/preview.log" env PREVIEW_PORT="$PREVIEW_PORT" PROM_URL="http://127.0.0.1:$PROM_PORT" npx tsx preview/server.ts

for url in "http://127.0.0.1:$SIM_PORT/healthz" "http://127.0.0.1:$PROM_PORT/-/ready" "http://127.0.0.1:$PREVIEW_PORT/api/health"; do
  for _ in $(seq 1 120); do
    curl -fsS "$url" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "$url" >/dev/null 2>&1 || { echo "demo: $url did not come up; logs in $STATE/" >&2; exit 1; }
done

cat <<MSG

llm-d Fleet demo is running (simulator profile: $PROFILE, scenario: $SCENARIO)
  Profiles: proposed reads families no vLLM release exports; PROFILE=vllm shows what upstream vLLM gives today
  App (preview host, not Grafana): http://127.0.0.1:$PREVIEW_PORT/a/llmd-fleet-app/overview
  Prometheus:                      http://127.0.0.1:$PROM_PORT/targets
  Simulator ground truth:          http://127.0.0.1:$SIM_PORT/truth
  Switch scenario:                 curl -H 'Content-Type: application/json' -d '{"scenario":"nixl-failures"}' http://127.0.0.1:$SIM_PORT/scenario
Logs in $STATE/. Ctrl-C stops everything.
MSG
wait
