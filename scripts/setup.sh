#!/usr/bin/env bash
# Installs what the demo and the tests need on a fresh Debian machine with Node 20 (as root):
# Debian's prometheus, node_exporter, victoria-metrics (with vmagent and vmalert, for the two-backends tests),
# chromium and zip/unzip (the release zip), and the npm dependencies of the app and the simulator.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v zip >/dev/null 2>&1 || need_apt+=(zip)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v prometheus-node-exporter >/dev/null 2>&1 || [ -x /usr/bin/prometheus-node-exporter ] || need_apt+=(prometheus-node-exporter)
for bin in victoria-metrics vmagent vmalert; do
  command -v "$bin" >/dev/null 2>&1 || need_apt+=(victoria-metrics)
done
if [ "${NEED_BROWSER:-1}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "setup: missing ${need_apt[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u) >/dev/null
fi

# Install from the lock file only when it changed since the last install. `npm install` rather than `npm ci`:
# the lock records only the platform builds of optional native packages (@swc/core-*) that the registry served
# when it was written, and `npm ci` refuses such a lock; `npm install` keeps every locked version and skips them.
install_npm() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm install in $dir"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  fi
}
install_npm .
install_npm simulator
