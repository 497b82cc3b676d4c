#!/usr/bin/env bash
# Builds the plugin and writes the unsigned release zip in Grafana's layout: one root folder named for the
# plugin id (llmd-fleet-app/) holding module.js, plugin.json, the chunks, img/, dashboards/ and docs/.
# The zip's path is the last line printed, with its SHA-1 beside it (<zip>.sha1), as Grafana's install-from-URL
# and catalog submissions expect.
#   npm run package              build, then zip
#   SKIP_BUILD=1 npm run package zip the dist/ already built
set -euo pipefail
cd "$(dirname "$0")/.."

id=$(node -p "require('./src/plugin.json').id")
version=$(node -p "require('./package.json').version")

# One version everywhere: package.json (which the build writes into plugin.json) and the CHANGELOG's top entry.
changelog=$(sed -n 's/^## \([0-9][0-9.]*[^ ]*\).*/\1/p' CHANGELOG.md | head -n 1)
if [ "$changelog" != "$version" ]; then
  echo "package: CHANGELOG.md's latest entry is '${changelog:-none}' but package.json says $version; make them agree" >&2
  exit 1
fi
command -v zip >/dev/null || { echo "package: 'zip' is missing (apt-get install zip, or run scripts/setup.sh)" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  echo "package: building $id $version" >&2
  npm run -s build >&2
fi
for f in module.js plugin.json; do
  [ -f "dist/$f" ] || { echo "package: dist/$f is missing; the build did not complete" >&2; exit 1; }
done
built=$(node -p "require('./dist/plugin.json').info.version")
if [ "$built" != "$version" ]; then
  echo "package: dist/plugin.json is version $built, not $version; rebuild (without SKIP_BUILD)" >&2
  exit 1
fi

out="$PWD/artifacts/release"
zipfile="$out/$id-$version.zip"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"
cp -R dist "$stage/$id"
rm -f "$zipfile" "$zipfile.sha1"
# -X leaves out extra file attributes, so the same dist/ gives the same zip contents.
(cd "$stage" && zip -q -r -X "$zipfile" "$id")
(cd "$out" && sha1sum "$(basename "$zipfile")" > "$(basename "$zipfile").sha1")
echo "package: $(unzip -Z1 "$zipfile" | wc -l) entries, sha1 $(cut -d' ' -f1 "$zipfile.sha1")" >&2
echo "$zipfile"
