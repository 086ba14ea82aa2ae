# Shared by start.sh, stop.sh and the failover benchmark: where the cluster lives, its ports,
# and the environment every app node and worker runs with. Source it from the repository root.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="${CLUSTER_DIR:-$REPO/var/cluster}"
PG_PORT="${CLUSTER_PG_PORT:-55432}"
REDIS_PORT="${CLUSTER_REDIS_PORT:-56379}"
NODE_PORTS=(${CLUSTER_NODE_PORTS:-18001 18002})
NGINX_PORT="${CLUSTER_NGINX_PORT:-18080}"
WORKERS="${CLUSTER_WORKERS:-2}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
BIN="$REPO/.venv/bin"

export JOINEDUP_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/joinedup"
export JOINEDUP_TASKS=rq
export JOINEDUP_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# one var/ for every node and worker: the secret key and the field key must be the same on all
export JOINEDUP_VAR_DIR="$CLUSTER/shared"
export JOINEDUP_MEDIA_DIR="$CLUSTER/shared/media"
export JOINEDUP_HTTPS=0
export JOINEDUP_SITE_URL="http://127.0.0.1:$NGINX_PORT"
export JOINEDUP_ALLOWED_HOSTS="127.0.0.1,localhost"
export JOINEDUP_TRUSTED_PROXIES="127.0.0.1"
export JOINEDUP_HEARTBEAT_EVERY="${JOINEDUP_HEARTBEAT_EVERY:-5}"
# a lost delivery is queued again after 30 s without progress (the default is 5 minutes)
export JOINEDUP_SWEEP_EVERY="${JOINEDUP_SWEEP_EVERY:-10}"
export JOINEDUP_SWEEP_STALE_AFTER="${JOINEDUP_SWEEP_STALE_AFTER:-30}"
export PYTHONPATH="$REPO/src"

# As root, PostgreSQL runs as the postgres user (it refuses to run as root).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_node() {  # start_node N PORT: one gunicorn app node
  local n=$1 port=$2
  mkdir -p "$CLUSTER/node$n"
  JOINEDUP_METRICS_DIR="$CLUSTER/node$n/metrics" "$BIN/gunicorn" joinedup.wsgi \
    -c "$REPO/deploy/gunicorn.conf.py" --bind "127.0.0.1:$port" \
    --workers "${CLUSTER_NODE_PROCESSES:-2}" --threads "${CLUSTER_NODE_THREADS:-4}" \
    --timeout 30 --graceful-timeout 10 --daemon \
    --pid "$CLUSTER/node$n.pid" --error-logfile "$CLUSTER/node$n.log"
}

start_worker() {  # start_worker N: one RQ worker (python -m joinedup worker)
  local n=$1
  setsid "$BIN/python" -m joinedup worker >>"$CLUSTER/worker$n.log" 2>&1 < /dev/null &
  echo $! >"$CLUSTER/worker$n.pid"
}

wait_for_http() {  # wait_for_http URL SECONDS
  local url=$1 seconds=${2:-30}
  for _ in $(seq 1 $((seconds * 5))); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  return 1
}
