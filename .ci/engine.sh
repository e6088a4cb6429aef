# Sourced by .ci/run (and by a developer's shell): `use_engine current` or `use_engine oldest`
# stops the dockerd this script started, then starts the chosen Docker Engine on the default
# socket with the Compose that goes with it, and exports the PATH that picks its binaries.
#   current  Engine 28.5 + Compose 2.40 (/opt/docker-current, from .ci/provision.sh)
#   oldest   Engine 20.10 + Compose 2.26 (the system's docker.io, /opt/compose-oldest)
# Each engine has its own data root: neither reads what the other wrote.
ENGINE_BASE_PATH=${ENGINE_BASE_PATH:-$PATH}
CLI_PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

stop_engine() {
  local pid
  pid=$(cat /var/run/docker.pid 2>/dev/null || true)
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do pgrep -x dockerd >/dev/null || return 0; sleep 0.5; done
  echo "dockerd did not stop" >&2
  return 1
}

use_engine() {
  local which=$1 data_root compose
  case "$which" in
    current)
      export PATH="/opt/docker-current/usr/bin:/opt/docker-current/usr/sbin:$ENGINE_BASE_PATH"
      data_root=/var/lib/docker-current
      compose=/opt/docker-current/usr/libexec/docker/cli-plugins/docker-compose ;;
    oldest)
      export PATH="$ENGINE_BASE_PATH"
      data_root=/var/lib/docker
      compose=/opt/compose-oldest/docker-compose ;;
    *) echo "use_engine: current or oldest, not '$which'" >&2; return 2 ;;
  esac
  stop_engine
  # `docker compose` finds its plugin here whatever DOCKER_CONFIG a test sets.
  mkdir -p "$CLI_PLUGIN_DIR"
  cp "$compose" "$CLI_PLUGIN_DIR/docker-compose"
  setsid dockerd --storage-driver=vfs --data-root "$data_root" >"/tmp/dockerd-$which.log" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    if docker info >/dev/null 2>&1; then
      docker version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
      docker compose version
      return 0
    fi
    sleep 1
  done
  echo "dockerd ($which) did not start; its log:" >&2
  tail -50 "/tmp/dockerd-$which.log" >&2
  return 1
}
