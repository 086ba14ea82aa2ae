#!/usr/bin/env bash
# make cluster: PostgreSQL, Redis, two gunicorn app nodes, two RQ workers and nginx in front,
# all on 127.0.0.1 ports, all state and PIDs under var/cluster/. make cluster-stop ends them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$CLUSTER" "$CLUSTER/shared" "$CLUSTER/nginx"

# --- nginx (Debian's package), installed when missing -----------------------------------------
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# --- PostgreSQL: a throwaway cluster of our own in var/cluster/pg ------------------------------
[ -n "$PG_BIN" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql"; exit 1; }
if ! alive "$CLUSTER/postgres.pid"; then
  if [ ! -f "$CLUSTER/pg/PG_VERSION" ]; then
    echo "== initdb $CLUSTER/pg"
    mkdir -p "$CLUSTER/pg"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$CLUSTER/pg"
    as_postgres "$PG_BIN/initdb" -D "$CLUSTER/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" = 0 ] && touch "$CLUSTER/postgres.log" && chown postgres "$CLUSTER/postgres.log"
  echo "== PostgreSQL on 127.0.0.1:$PG_PORT"
  as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER/pg" -l "$CLUSTER/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c max_connections=200 -c shared_buffers=128MB" >/dev/null
  head -1 "$CLUSTER/pg/postmaster.pid" >"$CLUSTER/postgres.pid"
fi
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='joinedup'" | grep -q 1 \
  || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres joinedup

# --- Redis on its own port, appending to its own file -----------------------------------------
if ! alive "$CLUSTER/redis.pid"; then
  echo "== Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$CLUSTER/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$CLUSTER/redis.pid" --dir "$CLUSTER/redis" --logfile "$CLUSTER/redis.log" \
    --appendonly yes --appendfsync everysec --save ""
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# --- the application: migrate, demo data, static files -----------------------------------------
echo "== migrate, demo data, static files"
"$BIN/python" -m joinedup migrate --noinput -v0
if [ "${CLUSTER_DEMO:-1}" = 1 ]; then "$BIN/python" -m joinedup load_demo >/dev/null; fi
JOINEDUP_DEBUG=0 "$BIN/python" -m joinedup collectstatic --noinput -v0

# --- two app nodes, two workers ----------------------------------------------------------------
for i in "${!NODE_PORTS[@]}"; do
  n=$((i + 1))
  if ! alive "$CLUSTER/node$n.pid"; then
    echo "== app node $n on 127.0.0.1:${NODE_PORTS[$i]}"
    start_node "$n" "${NODE_PORTS[$i]}"
  fi
done
for n in $(seq 1 "$WORKERS"); do
  if ! alive "$CLUSTER/worker$n.pid"; then
    echo "== worker $n"
    start_worker "$n"
  fi
done

# --- nginx in front ------------------------------------------------------------------------------
servers=""
for port in "${NODE_PORTS[@]}"; do
  servers+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
sed -e "s#@CLUSTER@#$CLUSTER#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" \
  "$REPO/deploy/cluster/nginx.conf.template" | awk -v s="$servers" '{ if ($0 == "@SERVERS@") printf "%s", s; else print }' \
  >"$CLUSTER/nginx.conf"
"$NGINX" -t -q -c "$CLUSTER/nginx.conf" -p "$CLUSTER/nginx" -g "error_log $CLUSTER/nginx/error.log;"
if alive "$CLUSTER/nginx.pid"; then
  kill -HUP "$(cat "$CLUSTER/nginx.pid")"
else
  echo "== nginx on 127.0.0.1:$NGINX_PORT"
  "$NGINX" -c "$CLUSTER/nginx.conf" -p "$CLUSTER/nginx" -g "error_log $CLUSTER/nginx/error.log;"
fi

# --- health ------------------------------------------------------------------------------------------
for port in "${NODE_PORTS[@]}"; do
  wait_for_http "http://127.0.0.1:$port/healthz?scope=node" 60 || { echo "node on $port is not healthy"; exit 1; }
done
wait_for_http "http://127.0.0.1:$NGINX_PORT/healthz?scope=node" 30
for _ in $(seq 1 30); do
  curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" && break
  sleep 1  # the workers' first heartbeat
done
echo "== /healthz through nginx:"
curl -sS "http://127.0.0.1:$NGINX_PORT/healthz"; echo
echo "Joinedup cluster on http://127.0.0.1:$NGINX_PORT (make cluster-stop ends it; PIDs in $CLUSTER/*.pid)"
