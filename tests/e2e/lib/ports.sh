# Sourced by the e2e scripts and benchmarks that start servers on TCP ports.

# True when nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_port BASE [OFFSET]: prints a port P in BASE..BASE+99 with P and P+1 both free. The 25
# candidate pairs (4 apart) are tried from a slot chosen by this shell's pid plus OFFSET, so
# scripts running at once rarely collide. Fails when all 25 are taken.
pick_port() {
  local base=$1 offset=${2:-0} i p
  for i in $(seq 0 24); do
    p=$((base + ((($$ % 25) + i + offset) % 25) * 4))
    if port_free "$p" && port_free $((p + 1)); then echo "$p"; return 0; fi
  done
  return 1
}
