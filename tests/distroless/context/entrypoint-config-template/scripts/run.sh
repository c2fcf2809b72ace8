#!/bin/sh
set -e

CONFIG=/etc/relay/relay.yaml

# First start with nothing mounted: begin from the example configuration.
if [ ! -f "$CONFIG" ]; then
    echo "run.sh: no $CONFIG, using the example"
    cp /etc/relay/relay.example.yaml "$CONFIG"
fi

exec /usr/local/bin/relay --config "$CONFIG" "$@"
