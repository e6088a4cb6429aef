#!/usr/bin/env bash
# Installs the pinned code-server (a full VS Code server and web workbench) into .vscode-test/,
# from the npm registry and Debian's packages only, for `npm start` and the editor test suites.
# Its own install script downloads ripgrep from the internet: the steps are done by hand instead.
set -euo pipefail
VERSION=4.100.3
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.vscode-test/code-server-$VERSION"
if [ -f "$dir/.installed" ]; then echo "$dir"; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
npm_config_yes=true npm rebuild kerberos @vscode/spdlog @vscode/deviceid native-watchdog node-pty >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2)
cd "$dir"
npm_config_yes=true npm rebuild argon2 >&2
touch "$dir/.installed"
echo "$dir"
