#!/bin/sh
set -eu

# Defaults the operator may override with -e.
export PORT="${PORT:-3000}"
export DATA_DIR="${DATA_DIR:-/data}"

# Started as root: hand the data directory to the app's user, then run again as that user.
if [ "$(id -u)" = "0" ]; then
    chown -R app:app /data
    exec gosu app "$0" "$@"
fi

# Give the database a moment: wait until it accepts connections.
until nc -z "${DB_HOST:-db}" 5432; do
    echo "entrypoint: waiting for the database"
    sleep 1
done

echo "entrypoint: starting $*"
exec "$@"
