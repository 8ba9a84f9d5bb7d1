#!/bin/bash
# Builds the Release tree and runs the benchmarks, inside the environment
# (see scripts/bench). Lines a benchmark prints as GOAL|what|figure|goal|verdict
# make the summary.
set -euo pipefail
: "${MAITRE_SRC:?}" "${MAITRE_BUILD:?}"
export MAITRE_BUILD=$MAITRE_BUILD-release MAITRE_BUILD_TYPE=Release
say() { printf '\033[1m[maitre]\033[0m %s\n' "$*" >&2; }

all=(reads joins push wait kitchen orders analytics events)
chosen=("$@")
[ ${#chosen[@]} -eq 0 ] && chosen=("${all[@]}")
for b in "${chosen[@]}"; do
    case " ${all[*]} " in *" $b "*) ;; *) echo "unknown benchmark: $b (one of: ${all[*]})" >&2; exit 2 ;; esac
done

# Only what the chosen benchmarks run.
targets=()
for b in "${chosen[@]}"; do
    case $b in
    reads) targets+=(maitre) ;;
    joins) targets+=(bench_joins) ;;
    push) targets+=(bench_push) ;;
    wait) targets+=(wait_accuracy) ;;
    kitchen) targets+=(bench_kitchen_display) ;;
    orders) targets+=(maitre bench_order_rush) ;;
    analytics) targets+=(bench_analytics_dashboard) ;;
    events) targets+=(bench_event_stream) ;;
    esac
done
"$MAITRE_SRC/scripts/lib/build.sh" "${targets[@]}"
bin=$MAITRE_BUILD/bench
results=$(mktemp)
log=$(mktemp)
trap 'rm -f "$results" "$log"' EXIT

# Runs a benchmark, showing its output and keeping its GOAL lines.
run() {
    local name=$1
    shift
    say "Benchmark: $name"
    local status=0
    "$@" 2>&1 | tee "$log" || status=$?
    grep '^GOAL|' "$log" >>"$results" || true
    [ "$status" -eq 0 ] || echo "GOAL|$name|exited with status $status|-|FAILED" >>"$results"
    echo
}

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "Release build in $MAITRE_BUILD; $machine"

for b in "${chosen[@]}"; do
    case $b in
    reads) run "1. diner reads" "$MAITRE_SRC/scripts/lib/bench-reads.sh" ;;
    joins) run "2. joins with commit" "$bin/bench_joins" --clients 50 --seconds 10 ;;
    push)
        # 2,000 connected diners: 200 of whose parties still wait, the rest
        # cancelled (phones left open); then all 2,000 waiting; then 200 all
        # waiting. Each case twice from the same start: as maitre --headless,
        # and with the console fed by the same events.
        for scenario in "--parties 2000 --waiting 200" "--parties 2000" "--parties 200"; do
            for console in "" --console; do
                # shellcheck disable=SC2086
                run "3./4. push $scenario $console" "$bin/bench_push" $scenario --notifies 100 $console
            done
        done
        ;;
    wait) run "wait-quote accuracy" "$bin/wait_accuracy" ;;
    kitchen) run "kitchen display" "$bin/bench_kitchen_display" --orders 200 --bumps 200 ;;
    orders)
        # 500 orders (and 50 retries) at the real maitre binary over 50
        # connections at once, then pgbench at the same concurrency.
        run "orders: the rush" "$bin/bench_order_rush" --orders 500 --connections 50 --seconds 10
        ;;
    analytics) run "analytics dashboard over 1M orders" "$bin/bench_analytics_dashboard" --orders 1000000 --days 365 ;;
    events) run "event stream for BI tools" "$bin/bench_event_stream" --events 30000 --batch 10 ;;
    esac
done

say "Summary ($machine)"
if [ -s "$results" ]; then
    {
        echo "benchmark|figure|goal|verdict"
        sed 's/^GOAL|//' "$results"
    } | awk -F'|' '{ printf "%-44s %-72s %-16s %s\n", $1, $2, $3, $4 }'
else
    echo "(no goals measured)"
fi
