#!/usr/bin/env bash
# Stops the broker started by start-rabbitmq.sh. Idempotent: does nothing when it is not running.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=rabbitmq-env.sh
source "$script_dir/rabbitmq-env.sh"

if ! [ -x "$RABBITMQ_SBIN/rabbitmqctl" ] || ! "$RABBITMQ_SBIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; then
    echo "[stop-rabbitmq] RabbitMQ node $RABBITMQ_NODENAME is not running."
    exit 0
fi
echo "[stop-rabbitmq] Stopping $RABBITMQ_NODENAME ..."
"$RABBITMQ_SBIN/rabbitmqctl" -q stop
echo "[stop-rabbitmq] Stopped."
