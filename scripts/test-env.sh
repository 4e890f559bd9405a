#!/usr/bin/env bash
# Makes sure what `npm test` needs is here, and says what it did:
#   - a Docker engine answering on DOCKER_HOST (default unix:///var/run/docker.sock),
#   - Chromium at /usr/bin/chromium (the end-to-end tests drive it),
#   - docker-registry and docker-compose (registry and Compose tests),
#   - the test image berth-test/busybox:latest, built from the static busybox
#     binary with `docker import` (no registry is needed or reachable).
# As root on Debian it installs what is missing (docker.io busybox-static
# chromium docker-registry docker-compose apache2-utils) and starts dockerd; elsewhere it
# says what to install and exits 1. Safe and quick to run again.
set -euo pipefail

IMAGE=berth-test/busybox:latest
CHROMIUM=/usr/bin/chromium
DOCKERD_LOG=/tmp/berth-dockerd.log
# Written only when this script starts dockerd itself: the pid of that daemon.
# The one test that restarts the engine runs only when this names the daemon
# that answers now, so `npm test` never restarts a Docker the user started.
STARTED_MARK=/tmp/berth-test-env/dockerd.pid
DEBIAN_PACKAGES=(docker.io busybox-static chromium docker-registry docker-compose apache2-utils)
ENDPOINT=${DOCKER_HOST:-unix:///var/run/docker.sock}

say() { printf 'test-env: %s\n' "$*"; }
fail() {
  printf 'test-env: %s\n' "$@" >&2
  exit 1
}

can_install() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null; }

# Ask the engine's /_ping with node (always here; curl may not be).
ping_engine() {
  node -e '
    const http = require("node:http");
    const endpoint = process.argv[1];
    const target = endpoint.startsWith("unix://")
      ? { socketPath: endpoint.slice("unix://".length) }
      : endpoint.startsWith("tcp://")
        ? (() => { const u = new URL("http://" + endpoint.slice("tcp://".length)); return { host: u.hostname, port: u.port || 2375 }; })()
        : null;
    if (!target) process.exit(2);
    const req = http.get({ ...target, path: "/_ping", timeout: 3000 }, (res) => {
      res.resume();
      process.exit(res.statusCode === 200 ? 0 : 1);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => process.exit(1));
  ' "$ENDPOINT" >/dev/null 2>&1
}

engine_up() {
  if [[ $ENDPOINT == unix://* || $ENDPOINT == tcp://* ]]; then
    ping_engine
  else
    docker version >/dev/null 2>&1 # ssh:// or npipe://: let the CLI answer
  fi
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

# ---- 1. Debian packages ---------------------------------------------------
if can_install; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt_log=/tmp/berth-apt.log
    # Try with the package lists as they are; refresh them only when that fails.
    if ! apt-get install -y "${missing[@]}" >"$apt_log" 2>&1; then
      say "refreshing the package lists (apt-get update)"
      apt-get update >>"$apt_log" 2>&1 || fail "apt-get update failed; see $apt_log"
      apt-get install -y "${missing[@]}" >>"$apt_log" 2>&1 ||
        fail "apt-get install ${missing[*]} failed; see $apt_log"
    fi
  else
    say "packages: ${DEBIAN_PACKAGES[*]} already installed"
  fi
fi

# ---- 2. The engine --------------------------------------------------------
if engine_up; then
  say "engine: answering at $ENDPOINT"
elif [ "$ENDPOINT" = unix:///var/run/docker.sock ] && can_install && command -v dockerd >/dev/null; then
  say "engine: not answering; starting dockerd (log: $DOCKERD_LOG)"
  if command -v setsid >/dev/null; then
    (cd / && setsid -f dockerd </dev/null >"$DOCKERD_LOG" 2>&1)
  else
    (cd / && exec nohup dockerd </dev/null >"$DOCKERD_LOG" 2>&1) &
  fi
  for _ in $(seq 1 60); do
    engine_up && break
    sleep 0.5
  done
  engine_up || fail "dockerd did not answer within 30 s; the end of $DOCKERD_LOG says:" "$(tail -n 20 "$DOCKERD_LOG")"
  mkdir -p "$(dirname "$STARTED_MARK")"
  cat /var/run/docker.pid >"$STARTED_MARK"
  say "engine: dockerd is up at $ENDPOINT (started here: the engine-restart test may restart it)"
else
  fail "No Docker engine answers at $ENDPOINT." \
    "The tests need a real engine. On Debian or Ubuntu, as root:" \
    "  apt-get update && apt-get install -y ${DEBIAN_PACKAGES[*]}" \
    "  dockerd >$DOCKERD_LOG 2>&1 &" \
    "Elsewhere: start Docker (Docker Desktop, Colima, Rancher Desktop, …) and point DOCKER_HOST at it," \
    "and make sure your user may use its socket (e.g. the docker group)."
fi
command -v docker >/dev/null || fail "The docker CLI is missing (Debian: apt-get install -y docker.io)."

# ---- 3. Chromium ----------------------------------------------------------
if [ -x "$CHROMIUM" ]; then
  say "chromium: $CHROMIUM"
else
  fail "Chromium is missing at $CHROMIUM (the end-to-end tests drive it)." \
    "On Debian, as root: apt-get update && apt-get install -y chromium"
fi

# ---- 4. The test image ----------------------------------------------------
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image: $IMAGE present"
else
  busybox=
  for candidate in /bin/busybox /usr/bin/busybox /usr/lib/initramfs-tools/bin/busybox; do
    # A static binary: ldd has nothing to list (Debian's busybox-static).
    if [ -x "$candidate" ] && ! ldd "$candidate" >/dev/null 2>&1; then
      busybox=$candidate
      break
    fi
  done
  [ -n "$busybox" ] || fail "No static busybox found to build $IMAGE (Debian: apt-get install -y busybox-static)."

  root=$(mktemp -d /tmp/berth-busybox.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root"/{bin,etc,root,tmp,proc,sys,dev,usr,var}
  chmod 1777 "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  ln -s bin "$root/sbin"
  ln -s ../bin "$root/usr/bin"
  ln -s ../bin "$root/usr/sbin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

  tar -C "$root" --numeric-owner --owner=0 --group=0 -c . |
    docker import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'LABEL dev.berth.test=busybox' \
      --message "Berth test image from $busybox" \
      - "$IMAGE" >/dev/null
  rm -rf "$root"
  trap - EXIT
  out=$(docker run --rm "$IMAGE" echo ok 2>&1) || fail "$IMAGE was built but does not run: $out"
  [ "$out" = ok ] || fail "$IMAGE was built but printed '$out' instead of 'ok'"
  say "image: built $IMAGE from $busybox ($("$busybox" --list | wc -l) applets) and checked it runs"
fi

# ---- 5. The other kinds of engine -----------------------------------------
# A second dockerd, Podman, TLS and SSH; the tests that need one skip, with
# the reason this prints, when it could not be brought up.
bash "$(dirname "${BASH_SOURCE[0]}")/test-engines.sh"
