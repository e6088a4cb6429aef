#!/usr/bin/env bash
# Installs what the test suites need on a fresh Debian machine: a Docker Engine,
# Compose v2 (plugin) and v1, busybox-static for locally built images, and iproute2 for the
# network namespace the egress probe test uses as "the outside", and Chromium, which drives the
# VS Code workbench in the editor suites (code-server itself: scripts/install-code-server.sh).
# Idempotent: a component already present is not installed again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io iptables)
[ -x /bin/busybox ] && file_is_static=$(ldd /bin/busybox 2>&1 | grep -c 'not a dynamic' || true) || file_is_static=0
[ "$file_is_static" = 1 ] || need_apt+=(busybox-static)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
command -v ip >/dev/null || need_apt+=(iproute2)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Compose v2 is packaged in Debian 13 only: fetch that single .deb with a throw-away
# apt configuration pointing at the archive this machine already uses.
plugin_dir=/usr/local/lib/docker/cli-plugins
if ! docker compose version >/dev/null 2>&1; then
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  d=$(mktemp -d); mkdir -p "$d/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" > "$d/sources.list"
  o=(-o "Dir::Etc::sourcelist=$d/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$d/lists")
  apt-get "${o[@]}" update -qq
  (cd "$d" && apt-get "${o[@]}" download docker-compose >/dev/null)
  dpkg -x "$d"/docker-compose_*.deb "$d/x"
  mkdir -p "$plugin_dir"
  cp "$d/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/"
  rm -rf "$d"
fi
docker compose version
