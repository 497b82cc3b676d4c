# Background services for scripts/demo.sh, each in its own process group, so stopping one stops what it
# started too (npm runs node, which may run more): a plain `kill $!` reaches only the direct child.
# Source it; needs bash.

SERVICE_PGIDS=()

# start_service LOG COMMAND [ARGS...]: runs COMMAND in a new process group with output to LOG.
start_service() {
  local log=$1
  shift
  # setsid gives the service its own session and group; its pid is the group id.
  setsid "$@" > "$log" 2>&1 < /dev/null &
  SERVICE_PGIDS+=($!)
}

# stop_services: TERM to every service's whole group, then KILL to what is left after 5 s.
stop_services() {
  local pgid
  for pgid in "${SERVICE_PGIDS[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pgid in "${SERVICE_PGIDS[@]}"; do kill -0 -- "-$pgid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pgid in "${SERVICE_PGIDS[@]}"; do kill -KILL -- "-$pgid" 2>/dev/null || true; done
  SERVICE_PGIDS=()
}

# state_dir_inside REPO DIR: prints DIR as an absolute path when it is a folder strictly inside REPO holding
# no tracked file; otherwise says why on stderr and fails. The demo empties this folder.
state_dir_inside() {
  local repo dir
  repo=$(realpath -m -- "$1")
  dir=$(realpath -m -- "$2")
  case "$dir/" in
    "$repo/"?*/) ;;
    *)
      echo "demo: STATE_DIR=$2 resolves to $dir, outside the repository ($repo); the demo empties that folder, so it must be a subfolder of the repository, e.g. .stack" >&2
      return 1
      ;;
  esac
  if [ -n "$(git -C "$repo" ls-files -- "$dir" 2>/dev/null | head -1)" ]; then
    echo "demo: STATE_DIR=$2 holds files under version control; choose a folder of its own, e.g. .stack" >&2
    return 1
  fi
  echo "$dir"
}
