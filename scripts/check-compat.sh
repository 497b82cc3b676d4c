#!/usr/bin/env bash
# Grafana API compatibility of the plugin's entry point, as create-plugin's is-compatible workflow checks it
# (grafana/plugin-tools packages/create-plugin/templates/github/workflows/is-compatible.yml
# @f8f749de88095b25ece5d7793b341c2129ac1c9c, through grafana/plugin-actions/is-compatible, which runs
# `npx @grafana/levitate@latest is-compatible --path <module> --target @grafana/data,@grafana/ui,@grafana/runtime`).
# It checks both ends of the range src/plugin.json claims: the oldest version grafanaDependency allows and the
# newest published. Levitate downloads those Grafana packages from the npm registry.
#   npm run compat                 both ends
#   npm run compat -- 12.3.0       one version
set -euo pipefail
cd "$(dirname "$0")/.."

dependency=$(node -p "require('./src/plugin.json').dependencies.grafanaDependency")
oldest=$(sed -n 's/^>=[[:space:]]*\([0-9][0-9.]*\).*/\1/p' <<<"$dependency")
if [ -z "$oldest" ]; then
  echo "compat: grafanaDependency '$dependency' has no '>=x.y.z' lower bound to check" >&2
  exit 1
fi

if [ $# -gt 0 ]; then
  versions=("$@")
else
  newest=$(npm view @grafana/data@latest version)
  versions=("$oldest" "$newest")
fi

for v in "${versions[@]}"; do
  echo "compat: src/module.tsx against Grafana $v" >&2
  npx -y @grafana/levitate@latest is-compatible --path src/module.tsx \
    --target "@grafana/data@$v,@grafana/ui@$v,@grafana/runtime@$v"
done
echo "compat: compatible with ${versions[*]} (grafanaDependency $dependency)"
