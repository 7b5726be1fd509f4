#!/usr/bin/env bash
# Stops the Redis started by start-redis.sh, after it saved its data. Idempotent: does nothing when it is not running.
set -euo pipefail

port="${REDIS_PORT:-6379}"
if ! command -v redis-cli >/dev/null 2>&1 || [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" != "PONG" ]; then
    echo "[stop-redis] Redis is not running on 127.0.0.1:$port."
    exit 0
fi
echo "[stop-redis] Stopping Redis on 127.0.0.1:$port ..."
redis-cli -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || true
echo "[stop-redis] Stopped."
