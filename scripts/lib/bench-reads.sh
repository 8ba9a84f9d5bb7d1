#!/bin/bash
# Benchmark 1, inside the environment: diner reads served by maitre (headless,
# demo restaurant, managed PostgreSQL in a temporary data directory) against
# nginx serving the same bytes from files, both on loopback, with
# `wrk -t1 -c50 -d10s`. Prints GOAL lines for scripts/lib/bench-inner.sh.
set -euo pipefail
: "${MAITRE_BUILD:?}"
GOAL=0.8
DURATION=${DURATION:-10s}

for tool in wrk nginx curl; do
    if ! command -v "$tool" >/dev/null; then
        echo "[reads] $tool is not installed in the environment (scripts/packages.txt: wrk, nginx-light)"
        echo "GOAL|1. diner reads|not measured: no $tool|>= 0.8x nginx|UNKNOWN"
        exit 0
    fi
done

tmp=$(mktemp -d /tmp/maitre-bench-reads-XXXXXX)
# PostgreSQL runs as its own account when we are root: it must reach the data directory.
chmod 711 "$tmp"
maitre_pid=
nginx_pid=
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    [ -n "$maitre_pid" ] && kill -TERM "$maitre_pid" 2>/dev/null && wait "$maitre_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "[reads] starting maitre --headless --demo (managed PostgreSQL in $tmp/data)"
"$MAITRE_BUILD/app/maitre" --headless --demo --lang en --data-dir "$tmp/data" --port 0 --bind 127.0.0.1 \
    >"$tmp/maitre.log" 2>&1 &
maitre_pid=$!
port=
for _ in $(seq 1 600); do
    port=$(sed -n 's|.*serving diners at http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/maitre.log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$maitre_pid" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$port" ]; then
    echo "[reads] maitre did not start:"
    cat "$tmp/maitre.log"
    echo "GOAL|1. diner reads|not measured: maitre did not start|>= 0.8x nginx|UNKNOWN"
    exit 1
fi

# The same bytes for nginx: the two answers, saved as files at the same paths.
mkdir -p "$tmp/www/api/v1"
curl -sSf -o "$tmp/www/api/v1/menu" "http://127.0.0.1:$port/api/v1/menu"
curl -sSf -o "$tmp/www/api/v1/wait" "http://127.0.0.1:$port/api/v1/wait?party_size=2"
chmod -R a+rX "$tmp/www"

# A free loopback port for nginx.
nginx_port=
for candidate in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
        nginx_port=$candidate
        break
    fi
done
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<CONF
# One worker, as maitre serves HTTP on one thread; keep-alive connections are
# never recycled, as with maitre. Everything in the temporary directory.
worker_processes 1;
user $(id -un) $(id -gn);
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        root $tmp/www;
        location / { }
    }
}
CONF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' 2>>"$tmp/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/api/v1/menu" && break
    sleep 0.1
done
if ! cmp -s <(curl -sS "http://127.0.0.1:$nginx_port/api/v1/menu") "$tmp/www/api/v1/menu"; then
    echo "[reads] nginx does not serve the menu:"
    cat "$tmp/nginx/error.log"
    echo "GOAL|1. diner reads|not measured: nginx did not start|>= 0.8x nginx|UNKNOWN"
    exit 1
fi
echo "[reads] maitre on 127.0.0.1:$port, nginx $(nginx -v 2>&1 | sed 's|.*/||') on 127.0.0.1:$nginx_port" \
    "(1 worker); menu $(stat -c %s "$tmp/www/api/v1/menu") bytes, wait $(stat -c %s "$tmp/www/api/v1/wait") bytes"

# wrk's requests/s, p50 and p99, and how many answers were not 2xx/3xx.
measure() {
    local url=$1 out
    out=$(wrk -t1 -c50 -d"$DURATION" --latency "$url")
    printf '%s\n' "$out" | sed 's/^/    /' >&2
    local rps p50 p99 bad
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
    echo "$rps ${p50:-?} ${p99:-?} ${bad:-0}"
}

for target in "menu|/api/v1/menu|/api/v1/menu" "wait|/api/v1/wait?party_size=2|/api/v1/wait"; do
    IFS='|' read -r name maitre_path nginx_path <<<"$target"
    echo "[reads] wrk -t1 -c50 -d$DURATION http://127.0.0.1:$port$maitre_path (maitre)"
    read -r m_rps m_p50 m_p99 m_bad < <(measure "http://127.0.0.1:$port$maitre_path")
    echo "[reads] wrk -t1 -c50 -d$DURATION http://127.0.0.1:$nginx_port$nginx_path (nginx)"
    read -r n_rps n_p50 n_p99 n_bad < <(measure "http://127.0.0.1:$nginx_port$nginx_path")
    ratio=$(awk -v m="$m_rps" -v n="$n_rps" 'BEGIN { printf "%.3f", (n > 0 ? m / n : 0) }')
    verdict=$(awk -v r="$ratio" -v g="$GOAL" -v b="$m_bad" 'BEGIN { print (r >= g && b == 0) ? "met" : "NOT MET" }')
    echo "[reads] $name: maitre $m_rps req/s (p50 $m_p50, p99 $m_p99, non-2xx $m_bad)," \
        "nginx $n_rps req/s (p50 $n_p50, p99 $n_p99); maitre/nginx = ${ratio}x (goal >= ${GOAL}x: $verdict)"
    echo "GOAL|1. reads GET $maitre_path|maitre $m_rps req/s vs nginx $n_rps req/s = ${ratio}x|>= ${GOAL}x nginx|$verdict"
done
