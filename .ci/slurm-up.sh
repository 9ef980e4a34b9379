#!/usr/bin/env bash
# Brings up a one-node Slurm test cluster on 127.0.0.1 for SlurmRestTest: munged, slurmctld,
# slurmd and slurmrestd (openapi/v0.0.38, JWT auth) from Debian's packages. Needs root.
# Idempotent: daemons already running with the same slurm.conf are left alone; the token is renewed
# on every run.
#
# Everything it writes lives in one project-owned state dir, HPC_SWEEP_SLURM_DIR (default
# /var/lib/hpc-sweep-slurm), never in /etc/slurm: a machine with a real Slurm install keeps its own
# config, and `rm -rf` of the dir undoes us. /var/lib rather than /tmp because root daemons keep
# their state, key and token there and /tmp is world-writable (a pre-planted symlink could redirect
# them). After a reboot the dir stays but the daemons do not: the test then finds slurmrestd not
# answering and says so.
#
# On success it writes $DIR/env (SLURM_REST_URL, SLURM_USER_NAME, SLURM_JWT_FILE, SLURM_CONF); the
# token itself is only in $DIR/token (mode 600) and is never printed. On failure it prints one line
# "slurm-up: <reason>" to stderr, writes that line plus the failing daemon's log tail to $DIR/reason,
# removes $DIR/env, and exits non-zero.
set -uo pipefail

DIR="${HPC_SWEEP_SLURM_DIR:-/var/lib/hpc-sweep-slurm}"
PORT=6820
ADDR=127.0.0.1
API=v0.0.38
# The token must outlive a whole CI run (90 min) or a developer session (180 min).
TOKEN_LIFESPAN="${HPC_SWEEP_SLURM_TOKEN_LIFESPAN:-14400}"
# slurm-wlm-jwt-plugin holds auth/jwt; it only comes as a recommendation, which we do not install.
PACKAGES=(munge slurmctld slurmd slurmrestd slurm-client slurm-wlm-jwt-plugin curl)

fail() { # fail "reason" [log file whose tail explains it]
    local line="slurm-up: $1"
    echo "$line" >&2
    if [ -d "$DIR" ] && [ -w "$DIR" ]; then
        rm -f "$DIR/env"
        { echo "$line"; if [ -n "${2:-}" ] && [ -r "$2" ]; then echo "--- tail of $2"; tail -n 25 "$2"; fi; } >"$DIR/reason"
    fi
    exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (to install packages and run slurmctld/slurmd); running as $(id -un)"
command -v apt-get >/dev/null 2>&1 || fail "no apt-get: only Debian/Ubuntu machines are supported"

mkdir -p "$DIR" || fail "cannot create $DIR"
chmod 755 "$DIR"
rm -f "$DIR/env" "$DIR/reason"
mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/run"
# The daemons keep the working directory they start in. Started from a clone that was deleted later,
# slurmrestd answered every job submit by dying ("getcwd failed: No such file or directory").
cd "$DIR" || fail "cannot enter $DIR"

# --- packages ------------------------------------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # Keep the packages' own services (munge, slurmctld, slurmd from /etc/slurm) from starting on
    # install: they would take ports 6817/6818 with a config we do not own. Only for this install,
    # and only when the machine has no policy of its own.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get update -qq >"$DIR/log/apt.log" 2>&1 || fail "apt-get update failed" "$DIR/log/apt.log"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$DIR/log/apt.log" 2>&1 \
        || fail "apt-get install ${missing[*]} failed" "$DIR/log/apt.log"
fi
id slurm >/dev/null 2>&1 || fail "the slurm packages did not create the user 'slurm'"
id munge >/dev/null 2>&1 || fail "the munge package did not create the user 'munge'"

# --- munge: the system's munged, since auth/munge talks to /run/munge/munge.socket.2 -------------
if [ ! -s /etc/munge/munge.key ]; then
    # Debian's postinst normally creates it; a minimal image may not have run it.
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none || fail "cannot write /etc/munge/munge.key"
fi
chown munge:munge /etc/munge /etc/munge/munge.key && chmod 700 /etc/munge && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged >"$DIR/log/munged.out" 2>&1 \
        || fail "munged did not start" /var/log/munge/munged.log
    for _ in $(seq 1 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.25; done
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 || fail "munged does not answer" /var/log/munge/munged.log
fi

# --- slurm.conf ----------------------------------------------------------------------------------
HOST="$(hostname -s)"
CPUS="$(nproc)"
export SLURM_CONF="$DIR/slurm.conf"
if [ ! -s "$DIR/state/jwt_hs256.key" ]; then
    (umask 077; dd if=/dev/urandom of="$DIR/state/jwt_hs256.key" bs=32 count=1 status=none) || fail "cannot write the JWT key"
fi
chown slurm:slurm "$DIR/state/jwt_hs256.key" && chmod 600 "$DIR/state/jwt_hs256.key"

cat >"$DIR/slurm.conf.new" <<EOF
# Written by hpc-sweep's .ci/slurm-up.sh: a one-node test cluster on 127.0.0.1. Do not edit.
ClusterName=hpcsweep
SlurmctldHost=$HOST($ADDR)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DIR/state/jwt_hs256.key
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
# No cgroups in a container: track processes by /proc and bind no tasks.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
# No mail on a test cluster (and no "MailProg is invalid" in the log).
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
# Trust the CPU count below even if slurmd sees the hardware differently, and bring a node that was
# down (after a restart) straight back.
SlurmdParameters=config_overrides
ReturnToService=2
# Keep finished jobs in slurmctld for 10 minutes: without accounting, GET /job/{id} only knows
# jobs still in its memory.
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$HOST NodeAddr=$ADDR CPUs=$CPUS State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

running() { # running NAME PIDFILE: a live process that is still that daemon (pids get reused)
    local pid
    pid="$(cat "$2" 2>/dev/null)" || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q "$1" "/proc/$pid/cmdline" 2>/dev/null
}
stop_all() {
    local name pid
    for name in slurmrestd slurmd slurmctld; do
        if running "$name" "$DIR/run/$name.pid"; then
            pid="$(cat "$DIR/run/$name.pid")"
            kill "$pid"
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        fi
    done
}

if ! cmp -s "$DIR/slurm.conf.new" "$DIR/slurm.conf"; then
    stop_all   # a changed config is only read on start
    mv "$DIR/slurm.conf.new" "$DIR/slurm.conf"
else
    rm -f "$DIR/slurm.conf.new"
fi
chmod 644 "$DIR/slurm.conf"

# --- daemons -------------------------------------------------------------------------------------
# Both fork into the background and exit 0 even when the daemon then dies on its config: so check
# that each one is still alive a moment later, and report its log when not.
await_alive() { # await_alive NAME
    for _ in $(seq 1 20); do
        running "$1" "$DIR/run/$1.pid" && return 0
        sleep 0.25
    done
    fail "$1 exited right after starting" "$DIR/log/$1.log"
}
if ! running slurmctld "$DIR/run/slurmctld.pid"; then
    /usr/sbin/slurmctld -f "$SLURM_CONF" >"$DIR/log/slurmctld.out" 2>&1 \
        || fail "slurmctld did not start" "$DIR/log/slurmctld.log"
    await_alive slurmctld
fi
if ! running slurmd "$DIR/run/slurmd.pid"; then
    /usr/sbin/slurmd -f "$SLURM_CONF" -N "$HOST" >"$DIR/log/slurmd.out" 2>&1 \
        || fail "slurmd did not start" "$DIR/log/slurmd.log"
    await_alive slurmd
fi

state=""
for _ in $(seq 1 60); do
    running slurmctld "$DIR/run/slurmctld.pid" || fail "slurmctld exited" "$DIR/log/slurmctld.log"
    running slurmd "$DIR/run/slurmd.pid" || fail "slurmd exited" "$DIR/log/slurmd.log"
    state="$(timeout 5 sinfo -h -N -n "$HOST" -o '%T' 2>/dev/null | head -n 1)"
    case "$state" in idle|mixed|allocated) break ;; esac
    sleep 1
done
case "$state" in
    idle|mixed|allocated) ;;
    *) fail "node $HOST is '${state:-unknown}', not idle, after 60 s" "$DIR/log/slurmd.log" ;;
esac

# slurmrestd refuses to run as root; as 'slurm' with SLURM_JWT=daemon it forwards each client's
# token to slurmctld instead of using munge. It does not daemonize: run it in the background.
if ! running slurmrestd "$DIR/run/slurmrestd.pid"; then
    : >"$DIR/log/slurmrestd.log"
    nohup runuser -u slurm -- env SLURM_JWT=daemon SLURM_CONF="$SLURM_CONF" \
        /usr/sbin/slurmrestd -a rest_auth/jwt -s "openapi/$API" "$ADDR:$PORT" \
        >>"$DIR/log/slurmrestd.log" 2>&1 </dev/null &
    sleep 0.5
    # $! is runuser; the daemon is its child.
    pid="$(pgrep -P $! -x slurmrestd || echo $!)"
    echo "$pid" >"$DIR/run/slurmrestd.pid"
    running slurmrestd "$DIR/run/slurmrestd.pid" || fail "slurmrestd exited right after starting" "$DIR/log/slurmrestd.log"
fi

# --- token and env file --------------------------------------------------------------------------
USER_NAME="${HPC_SWEEP_SLURM_USER:-root}"
(umask 077; timeout 20 scontrol token username="$USER_NAME" lifespan="$TOKEN_LIFESPAN" 2>"$DIR/log/token.err" \
    | sed -n 's/^SLURM_JWT=//p' >"$DIR/token.new") || true
[ -s "$DIR/token.new" ] || fail "scontrol token gave no token" "$DIR/log/token.err"
mv "$DIR/token.new" "$DIR/token"
chmod 600 "$DIR/token"

# The headers go through a mode-600 file, not the command line, so the token never shows in ps.
HEADERS="$DIR/run/curl-headers"
(umask 077; printf 'X-SLURM-USER-NAME: %s\nX-SLURM-USER-TOKEN: %s\n' "$USER_NAME" "$(cat "$DIR/token")" >"$HEADERS")
code=""
for _ in $(seq 1 40); do
    code="$(curl -s -o "$DIR/run/ping.json" -w '%{http_code}' --max-time 5 -H @"$HEADERS" "http://$ADDR:$PORT/slurm/$API/ping" 2>/dev/null)"
    [ "$code" = 200 ] && break
    sleep 0.5
done
rm -f "$HEADERS"
[ "$code" = 200 ] || fail "slurmrestd on $ADDR:$PORT answers '${code:-nothing}' to /slurm/$API/ping" "$DIR/log/slurmrestd.log"

cat >"$DIR/env" <<EOF
SLURM_REST_URL=http://$ADDR:$PORT
SLURM_API_VERSION=$API
SLURM_USER_NAME=$USER_NAME
SLURM_JWT_FILE=$DIR/token
SLURM_CONF=$SLURM_CONF
EOF
chmod 644 "$DIR/env"
echo "slurm-up: node $HOST idle ($CPUS CPUs), slurmrestd $API on http://$ADDR:$PORT; env in $DIR/env"
