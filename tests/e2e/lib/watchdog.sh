#!/usr/bin/env bash
# Runs COMMAND with a time limit, and when it overruns leaves a post-mortem before stopping it:
# each thread's name, state, kernel wait channel and kernel stack (/proc/PID/task/*; the stacks
# need root) go to REPORT, then SIGQUIT asks a JVM for its thread dump (printed on its standard
# output), then SIGTERM, and SIGKILL 20 s later. Exit status: COMMAND's, or 124 after an overrun.
# SIGTERM to the watchdog is passed on to COMMAND (within a second).
#   usage: watchdog.sh SECONDS REPORT -- COMMAND...
set -uo pipefail
limit=$1 report=$2
shift 2
[ "${1:-}" = -- ] && shift
"$@" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM
deadline=$(( $(date +%s) + limit ))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    {
      echo "watchdog: $* ran past ${limit} s; its threads:"
      for t in /proc/"$pid"/task/*; do
        echo "--- thread $(basename "$t") $(cat "$t/comm" 2>/dev/null) state=$(awk '{print $3}' "$t/stat" 2>/dev/null)" \
          "wchan=$(cat "$t/wchan" 2>/dev/null)"
        cat "$t/stack" 2>/dev/null | head -n 12
      done
    } >> "$report" 2>&1
    kill -QUIT "$pid" 2>/dev/null
    sleep 3
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    exit 124
  fi
  sleep 1
done
wait "$pid"
