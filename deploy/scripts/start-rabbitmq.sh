#!/usr/bin/env bash
# Installs (Debian/Ubuntu, apt) and starts a local RabbitMQ broker on 127.0.0.1:5672 with the
# management API on 127.0.0.1:15672, without systemd. Idempotent: returns at once when the node
# already answers; skips apt when rabbitmq-server is installed. Run as root.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
# shellcheck source=rabbitmq-env.sh
source "$script_dir/rabbitmq-env.sh"
timeout_s="${RABBITMQ_START_TIMEOUT_S:-60}"

log() { echo "[start-rabbitmq] $*"; }
fail() { echo "[start-rabbitmq] ERROR: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    fail "run as root (installs packages and starts the broker as the rabbitmq user)."
fi

if [ -x "$RABBITMQ_SBIN/rabbitmq-diagnostics" ] && "$RABBITMQ_SBIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; then
    log "RabbitMQ node $RABBITMQ_NODENAME is already running."
    exit 0
fi

if ! [ -x "$RABBITMQ_SBIN/rabbitmq-server" ]; then
    log "Installing rabbitmq-server with apt-get ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq rabbitmq-server >/dev/null
fi

log "Writing $RABBITMQ_CONFIG_FILE from deploy/rabbitmq/rabbitmq.conf."
install -m 0644 "$repo_root/deploy/rabbitmq/rabbitmq.conf" "$RABBITMQ_CONFIG_FILE"

log "Enabling the management plugin (offline) ..."
"$RABBITMQ_SBIN/rabbitmq-plugins" enable --offline rabbitmq_management >/dev/null

log "Starting $RABBITMQ_NODENAME (rabbitmq-server -detached) ..."
"$RABBITMQ_SBIN/rabbitmq-server" -detached

# ping first: await_startup fails at once while the node is not registered with epmd yet.
deadline=$((SECONDS + timeout_s))
until "$RABBITMQ_SBIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 30 /var/log/rabbitmq/*.log 2>/dev/null >&2 || true
        fail "RabbitMQ did not answer ping within ${timeout_s}s (logs: /var/log/rabbitmq/)."
    fi
    sleep 1
done
remaining=$((deadline - SECONDS)); [ "$remaining" -ge 1 ] || remaining=1
"$RABBITMQ_SBIN/rabbitmqctl" -q await_startup --timeout "$remaining" >/dev/null \
    || fail "RabbitMQ did not finish booting within ${timeout_s}s (logs: /var/log/rabbitmq/)."
"$RABBITMQ_SBIN/rabbitmq-diagnostics" -q check_port_connectivity >/dev/null \
    || fail "RabbitMQ is up but its listeners do not accept connections (logs: /var/log/rabbitmq/)."
log "RabbitMQ is up after ${SECONDS}s: amqp://guest:guest@127.0.0.1:5672/, management http://127.0.0.1:15672/."
