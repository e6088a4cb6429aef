#!/usr/bin/env bash
# Starts dockerd (vfs storage: works inside containers and sandboxes) unless one already answers.
set -euo pipefail
if docker info >/dev/null 2>&1; then exit 0; fi
# A daemon that is still shutting down holds its pid file: let it finish first.
for _ in $(seq 1 60); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
setsid dockerd --storage-driver=vfs >/tmp/dockerd.log 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    docker version --format 'Docker Engine {{.Server.Version}} (API {{.Server.APIVersion}})'
    exit 0
  fi
  sleep 1
done
echo "dockerd did not start; its log:" >&2
tail -50 /tmp/dockerd.log >&2
exit 1
