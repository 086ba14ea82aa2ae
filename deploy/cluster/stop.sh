#!/usr/bin/env bash
# make cluster-stop: end exactly the processes make cluster started (their PIDs in var/cluster).
set -uo pipefail
source "$(dirname "$0")/env.sh"

stop() {  # stop NAME SIGNAL: signal the PID in var/cluster/NAME.pid and wait for it to end
  local file="$CLUSTER/$1.pid" signal=$2 pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "stopping $1 (pid $pid)"
    kill "-$signal" "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "$1 still running: kill -9 $pid"; kill -9 "$pid"; }
  fi
  rm -f "$file"
}

stop nginx QUIT
for f in "$CLUSTER"/node*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)" TERM; done
for f in "$CLUSTER"/worker*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)" TERM; done
stop redis TERM
# SIGINT is PostgreSQL's fast shutdown: sessions rolled back, data flushed, clean stop
stop postgres INT
echo "cluster stopped (data kept in $CLUSTER; rm -rf it for a fresh start)"
