#!/usr/bin/env bash
# Brings up, beside the main engine, the other kinds of engine the
# integration tests reach (DESIGN.md "A real engine, here and in CI"):
#   b       a second dockerd in network namespace berth-b, socket
#           unix:///run/berth-test/b/docker.sock, docker context berth-test-b;
#   podman  Podman's Docker-compatible API at unix:///run/berth-test/podman.sock;
#   tls     the second dockerd's own TLS listener (--tlsverify), reached at
#           tcp://127.0.0.1:23760; certificates in /run/berth-test/tls;
#   ssh     sshd on 127.0.0.1:2222, user berth-test by key only (shell /bin/sh,
#           group docker: a login shell's rc files, such as root's .bashrc,
#           would run on every request), whose far side runs
#           `docker system dial-stdio` to this machine's main engine.
# Each engine's state is written to /run/berth-test/state/<name>: "ready", or
# why it could not be brought up; the tests skip with that reason. As root on
# Debian it installs podman openssh-server openssl iproute2 socat; elsewhere
# it says what is missing and exits 0 (the main engine's tests still run).
# Quick when already up. `test-engines.sh stop` stops what it started, by pid.
set -uo pipefail

ROOT=/run/berth-test
STATE=$ROOT/state
PIDS=$ROOT/pids
IMAGE=berth-test/busybox:latest
NETNS=berth-b
B_SOCK=$ROOT/b/docker.sock
B_PIDFILE=$ROOT/b/docker.pid
B_LOG=/tmp/berth-dockerd-b.log
# dockerd's TLS listener on the namespace's own loopback, and where the host
# reaches it: socat carries the bytes (the TLS is dockerd's, end to end)
# through a unix socket, which is not namespaced.
TLS_INNER=127.0.0.1:2376
TLS_BRIDGE=$ROOT/b/tls.sock
TLS_PORT=23760
PODMAN_SOCK=$ROOT/podman.sock
SSH_PORT=2222
SSH_USER=berth-test
DEBIAN_PACKAGES=(podman openssh-server openssl iproute2 socat)

say() { printf 'test-engines: %s\n' "$*"; }
ready() {
  printf 'ready\n' >"$STATE/$1"
  say "$1: ready"
}
unavailable() {
  local name=$1
  shift
  printf '%s\n' "$*" >"$STATE/$name"
  say "$name: NOT available: $*"
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# Waits up to ~15 s for a command to succeed.
await() {
  for _ in $(seq 1 60); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  return 1
}
# Starts a command in the background, detached, in / (a daemon whose working
# folder is deleted, a checkout say, fails later: Podman's conmon cannot
# start a container there), and records its pid.
spawn() {
  local pidfile=$1 log=$2
  shift 2
  (cd / && exec setsid "$@" </dev/null >"$log" 2>&1) &
  echo $! >"$pidfile"
}
stop_pidfile() {
  if alive "$1"; then
    local pid
    pid=$(cat "$1")
    kill "$pid" 2>/dev/null && say "stopped $(basename "$1" .pid) (pid $pid)"
  fi
  rm -f "$1"
}

if [ "${1:-}" = stop ]; then
  for f in "$PIDS"/*.pid; do [ -e "$f" ] && stop_pidfile "$f"; done
  stop_pidfile "$B_PIDFILE"
  rm -f "$STATE"/*
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  say "not root: the other engines (a second dockerd, Podman, TLS, SSH) need root; their tests will skip"
  exit 0
fi
mkdir -p "$STATE" "$PIDS" "$ROOT/b"
chmod 755 "$ROOT"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if [ -f /etc/debian_version ] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do installed "$pkg" || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt_log=/tmp/berth-apt-engines.log
    apt-get install -y "${missing[@]}" >"$apt_log" 2>&1 ||
      { apt-get update >>"$apt_log" 2>&1 && apt-get install -y "${missing[@]}" >>"$apt_log" 2>&1; } ||
      say "apt-get install ${missing[*]} failed; see $apt_log"
  fi
fi
need() {
  local name=$1
  shift
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null || { unavailable "$name" "$cmd is missing (Debian: apt-get install -y ${DEBIAN_PACKAGES[*]})"; return 1; }
  done
}

# ---- certificates (for tls) -------------------------------------------------
# A CA, a server certificate for 127.0.0.1, a client certificate; and a second,
# wrong CA. Client folders use DOCKER_CERT_PATH's names (ca.pem cert.pem key.pem).
TLS=$ROOT/tls
make_certs() {
  [ -f "$TLS/wrong/ca.pem" ] && return 0
  rm -rf "$TLS" && mkdir -p "$TLS/client" "$TLS/wrong" && cd "$TLS" || return 1
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=berth-test-ca -keyout ca-key.pem -out ca.pem &&
      openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr &&
      printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext &&
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile server.ext -out server-cert.pem &&
      openssl req -newkey rsa:2048 -nodes -subj /CN=berth-test-client -keyout client/key.pem -out client.csr &&
      printf 'extendedKeyUsage=clientAuth\n' >client.ext &&
      openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 30 -extfile client.ext -out client/cert.pem &&
      cp ca.pem client/ca.pem &&
      openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=berth-test-wrong-ca -keyout wrong-ca-key.pem -out wrong/ca.pem &&
      cp client/cert.pem client/key.pem wrong/
  } >/tmp/berth-openssl.log 2>&1
  local rc=$?
  cd - >/dev/null || true
  return $rc
}

# ---- b (and tls): the second dockerd ----------------------------------------
b_up() { docker -H "unix://$B_SOCK" version >/dev/null 2>&1; }
tls_up() {
  docker -H "tcp://127.0.0.1:$TLS_PORT" --tlsverify --tlscacert "$TLS/client/ca.pem" --tlscert "$TLS/client/cert.pem" --tlskey "$TLS/client/key.pem" version >/dev/null 2>&1
}
start_b() {
  need b ip nsenter dockerd docker || return 1
  local tls_ok=1 tls_args=()
  if command -v openssl >/dev/null && make_certs; then
    tls_args=(--host "tcp://$TLS_INNER" --tlsverify --tlscacert "$TLS/ca.pem" --tlscert "$TLS/server-cert.pem" --tlskey "$TLS/server-key.pem")
  else
    tls_ok=0
  fi
  if ! alive "$B_PIDFILE" || ! b_up; then
    ip netns list | grep -qw "$NETNS" || ip netns add "$NETNS" || { unavailable b "ip netns add $NETNS failed"; return 1; }
    ip -n "$NETNS" link set lo up
    # nsenter, not `ip netns exec`: that one also remounts /sys, which hides
    # the cgroup mounts ("Devices cgroup isn't mounted"). Only the network is
    # the namespace's: --bridge=none there leaves the host's docker0 alone.
    (cd / && exec setsid nsenter --net="/run/netns/$NETNS" dockerd \
      --host "unix://$B_SOCK" "${tls_args[@]}" \
      --data-root /var/lib/berth-test-b --exec-root "$ROOT/b/exec" --pidfile "$B_PIDFILE" \
      --bridge=none --iptables=false --ip6tables=false </dev/null >"$B_LOG" 2>&1) &
    await b_up || { unavailable b "the second dockerd did not answer; the end of $B_LOG: $(tail -n 3 "$B_LOG" | tr '\n' ' ')"; return 1; }
  fi
  docker -H "unix://$B_SOCK" image inspect "$IMAGE" >/dev/null 2>&1 ||
    docker save "$IMAGE" | docker -H "unix://$B_SOCK" load >/dev/null ||
    { unavailable b "could not load $IMAGE into the second dockerd"; return 1; }
  docker context inspect berth-test-b >/dev/null 2>&1 ||
    docker context create berth-test-b --docker "host=unix://$B_SOCK" >/dev/null 2>&1
  ready b

  if [ $tls_ok = 0 ]; then
    unavailable tls "could not make the certificates (openssl missing or failed; see /tmp/berth-openssl.log)"
    return 0
  fi
  need tls socat || return 0
  if ! alive "$PIDS/tls-inner.pid"; then
    rm -f "$TLS_BRIDGE"
    spawn "$PIDS/tls-inner.pid" /tmp/berth-socat-inner.log \
      nsenter --net="/run/netns/$NETNS" socat "UNIX-LISTEN:$TLS_BRIDGE,fork" "TCP:$TLS_INNER"
  fi
  if ! alive "$PIDS/tls-outer.pid"; then
    spawn "$PIDS/tls-outer.pid" /tmp/berth-socat-outer.log \
      socat "TCP-LISTEN:$TLS_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$TLS_BRIDGE"
  fi
  await tls_up && ready tls || unavailable tls "dockerd's TLS listener does not answer at tcp://127.0.0.1:$TLS_PORT (a dockerd started earlier without it? run '$0 stop' then again)"
}

# ---- podman -----------------------------------------------------------------
podman_up() { docker -H "unix://$PODMAN_SOCK" version >/dev/null 2>&1; }
start_podman() {
  need podman podman || return 1
  if ! alive "$PIDS/podman.pid" || ! podman_up; then
    # Podman asks for rlimits above this machine's hard ones unless told.
    mkdir -p "$ROOT/podman"
    printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' >"$ROOT/podman/containers.conf"
    rm -f "$PODMAN_SOCK"
    spawn "$PIDS/podman.pid" /tmp/berth-podman.log \
      env CONTAINERS_CONF="$ROOT/podman/containers.conf" podman system service --time=0 "unix://$PODMAN_SOCK"
    await podman_up || { unavailable podman "podman system service did not answer; see /tmp/berth-podman.log"; return 1; }
  fi
  podman --url "unix://$PODMAN_SOCK" image exists "$IMAGE" ||
    docker save "$IMAGE" | podman --url "unix://$PODMAN_SOCK" load >/dev/null 2>&1 ||
    { unavailable podman "could not load $IMAGE into Podman"; return 1; }
  ready podman
}

# ---- ssh --------------------------------------------------------------------
SSH=$ROOT/ssh
ssh_up() { ssh -p "$SSH_PORT" -i "$SSH/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "$SSH_USER@127.0.0.1" docker version >/dev/null 2>&1; }
start_ssh() {
  need ssh /usr/sbin/sshd ssh-keygen useradd || return 1
  getent group docker >/dev/null || groupadd --system docker
  if ! id "$SSH_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /bin/sh --groups docker "$SSH_USER" &&
      usermod -p '*' "$SSH_USER" || { unavailable ssh "could not add the user $SSH_USER"; return 1; } # '*': no password, not locked
  fi
  mkdir -p "$SSH" /run/sshd && chmod 755 "$SSH"
  for key in host_ed25519:ed25519 id_ed25519:ed25519 id_rsa:rsa wrong_ed25519:ed25519; do
    [ -f "$SSH/${key%%:*}" ] || ssh-keygen -q -t "${key#*:}" -N '' -C "berth-test-${key%%:*}" -f "$SSH/${key%%:*}"
  done
  cat "$SSH/id_ed25519.pub" "$SSH/id_rsa.pub" >"$SSH/authorized_keys"
  chmod 644 "$SSH/authorized_keys"
  cat >"$SSH/sshd_config" <<EOF
ListenAddress 127.0.0.1:$SSH_PORT
HostKey $SSH/host_ed25519
PidFile $PIDS/sshd.pid
AuthorizedKeysFile $SSH/authorized_keys
PermitRootLogin no
AllowUsers $SSH_USER
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
EOF
  if ! alive "$PIDS/sshd.pid"; then
    /usr/sbin/sshd -f "$SSH/sshd_config" -E /tmp/berth-sshd.log || { unavailable ssh "sshd did not start; see /tmp/berth-sshd.log"; return 1; }
  fi
  await ssh_up && ready ssh || unavailable ssh "ssh $SSH_USER@127.0.0.1:$SSH_PORT docker version failed; see /tmp/berth-sshd.log"
}

start_b
start_podman
start_ssh
exit 0
