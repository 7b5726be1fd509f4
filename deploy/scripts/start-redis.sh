#!/usr/bin/env bash
# Installs (Debian/Ubuntu, apt) and starts a local Redis on 127.0.0.1:6379 for the cluster mode's membership, grain
# state and reminders, without systemd, with the append-only file on (fsync every second) so a restart keeps
# what was written. Idempotent: returns at once when Redis already answers; skips apt when redis-server is
# installed. Run as root. REDIS_PORT and REDIS_DIR change the port and the data folder.
set -euo pipefail

port="${REDIS_PORT:-6379}"
data_dir="${REDIS_DIR:-/var/lib/experiments-redis}"
timeout_s="${REDIS_START_TIMEOUT_S:-30}"

log() { echo "[start-redis] $*"; }
fail() { echo "[start-redis] ERROR: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
    fail "run as root (installs packages with apt)."
fi

if command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
    log "Redis is already running on 127.0.0.1:$port."
    exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
    log "Installing redis-server with apt-get ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq redis-server </dev/null >/dev/null 2>&1 \
        || { apt-get update -qq </dev/null && apt-get install -y -qq redis-server </dev/null >/dev/null; }
fi

mkdir -p "$data_dir"
log "Starting redis-server on 127.0.0.1:$port (data and append-only file in $data_dir) ..."
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$data_dir" \
    --appendonly yes --appendfsync everysec --logfile "$data_dir/redis.log" --pidfile "$data_dir/redis.pid"

deadline=$((SECONDS + timeout_s))
until [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 30 "$data_dir/redis.log" 2>/dev/null >&2 || true
        fail "Redis did not answer within ${timeout_s}s (log: $data_dir/redis.log)."
    fi
    sleep 0.5
done
log "Redis is up: 127.0.0.1:$port (ConnectionStrings__redis=127.0.0.1:$port)."
