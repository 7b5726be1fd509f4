# Sourced by start-rabbitmq.sh and stop-rabbitmq.sh: the environment every rabbitmq-* call shares.
# A fixed node name for the server AND every CLI call: the default (rabbit@<hostname>) breaks when
# the host name does not resolve, as in many containers.
export RABBITMQ_NODENAME="${RABBITMQ_NODENAME:-rabbit@localhost}"
export RABBITMQ_NODE_IP_ADDRESS="${RABBITMQ_NODE_IP_ADDRESS:-127.0.0.1}"
# The server runs as the rabbitmq user, which may not be able to read the repository: the config is
# copied here (3.10 accepts the path with its .conf extension).
export RABBITMQ_CONFIG_FILE="${RABBITMQ_CONFIG_FILE:-/etc/rabbitmq/experiments-rabbitmq.conf}"
RABBITMQ_SBIN=/usr/sbin
