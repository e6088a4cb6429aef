#!/usr/bin/env bash
# Installs what the test suites need on a fresh Debian machine:
# - two Docker Engines and their Compose: the one users run today (Engine 28.5 + Compose 2.40 from
#   Debian's unstable archive, unpacked into /opt/docker-current) and the oldest we support
#   (Engine 20.10 from bookworm, Compose 2.26 from trixie); .ci/engine.sh switches between them;
# - Compose v1, busybox-static for locally built images, iproute2 for the network namespaces the
#   egress-probe and swarm tests make, and Chromium, which drives the VS Code workbench in the
#   editor suites (code-server itself: scripts/install-code-server.sh).
# Idempotent: a component already present is not installed again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need_apt=()
# bookworm's docker.io brings Engine 20.10 and the runc and docker-init both engines use (sid's
# runc needs a newer glibc than this Debian has).
[ -x /usr/sbin/dockerd ] || need_apt+=(docker.io iptables)
[ -x /bin/busybox ] && file_is_static=$(ldd /bin/busybox 2>&1 | grep -c 'not a dynamic' || true) || file_is_static=0
[ "$file_is_static" = 1 ] || need_apt+=(busybox-static)
[ -x /usr/bin/docker-compose ] || need_apt+=(docker-compose)
command -v ip >/dev/null || need_apt+=(iproute2)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Downloads packages from another Debian suite with a throw-away apt configuration pointing at
# the archive this machine already uses, into the current directory.
download_from() {
  local suite=$1; shift
  local uri d
  uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  d=$(mktemp -d); mkdir -p "$d/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main" > "$d/sources.list"
  local o=(-o "Dir::Etc::sourcelist=$d/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$d/lists")
  apt-get "${o[@]}" update -qq
  apt-get "${o[@]}" download "$@" >/dev/null
  rm -rf "$d"
}

# The oldest supported Compose: 2.26 (Debian 13's package), kept beside the newest.
old=/opt/compose-oldest/docker-compose
if [ ! -x "$old" ]; then
  d=$(mktemp -d)
  (cd "$d" && download_from trixie docker-compose)
  dpkg -x "$d"/docker-compose_*.deb "$d/x"
  mkdir -p "$(dirname "$old")"
  cp "$d/x/usr/libexec/docker/cli-plugins/docker-compose" "$old"
  rm -rf "$d"
fi

# The Engine and Compose users run today: unstable's docker.io, docker-cli, containerd and
# docker-compose, unpacked beside the system (runc and docker-init stay the system's).
current=/opt/docker-current
if [ ! -x "$current/usr/sbin/dockerd" ] || [ ! -x "$current/usr/libexec/docker/cli-plugins/docker-compose" ]; then
  d=$(mktemp -d)
  (cd "$d" && download_from sid docker.io docker-cli containerd docker-compose)
  for f in "$d"/*.deb; do dpkg -x "$f" "$current"; done
  rm -rf "$d"
fi
"$current/usr/sbin/dockerd" --version
"$current/usr/libexec/docker/cli-plugins/docker-compose" version
"$old" version
