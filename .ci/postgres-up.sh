#!/usr/bin/env bash
# Brings up Debian's PostgreSQL on 127.0.0.1 for the tests that run the store on both databases
# (TestDatabases). Needs root. Idempotent: a running cluster is left alone; the test role and its
# password are (re)set on every run.
#
# On success it writes $DIR/env (PGHOST, PGPORT, PGUSER, PGPASSWORD_FILE); the password is only in
# $DIR/password (mode 600). The test role may create databases: each test makes its own
# (hpcsweep_test_*); the ones of earlier runs are dropped here. On failure it prints "postgres-up: <reason>", writes it to $DIR/reason, removes $DIR/env
# and exits non-zero; the PostgreSQL cases then skip, saying why.
set -uo pipefail

DIR="${HPC_SWEEP_POSTGRES_DIR:-/var/lib/hpc-sweep-postgres}"
ROLE=hpcsweep_test

fail() {
    echo "postgres-up: $1" >&2
    mkdir -p "$DIR" 2>/dev/null && rm -f "$DIR/env" && echo "postgres-up: $1" >"$DIR/reason"
    exit 1
}

[ "$(id -u)" = 0 ] || fail "needs root (to install and start PostgreSQL); running as $(id -un)"
command -v apt-get >/dev/null 2>&1 || fail "no apt-get: only Debian/Ubuntu machines are supported"
mkdir -p "$DIR" && chmod 700 "$DIR" || fail "cannot create $DIR"

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed"
    apt-get install -y -qq postgresql >/dev/null 2>&1 || fail "apt-get install postgresql failed"
fi

read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -1)
[ -n "${VERSION:-}" ] || fail "no PostgreSQL cluster after the install"
# Debian's default listen_addresses is 'localhost': loopback only, which is all the tests need.
if [ "$STATUS" != online ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" start >/dev/null 2>&1 || fail "pg_ctlcluster $VERSION $CLUSTER start failed (see /var/log/postgresql/)"
fi

PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
for i in 1 2 3 4 5 6 7 8 9 10; do
    runuser -u postgres -- psql -qtAc "SELECT 1" >/dev/null 2>&1 && break
    sleep 1
done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q >/dev/null 2>&1 <<SQL || fail "cannot create the role $ROLE"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN CREATEDB; END IF;
END \$\$;
ALTER ROLE $ROLE WITH LOGIN CREATEDB PASSWORD '$PASSWORD';
SQL

for db in $(runuser -u postgres -- psql -qtAc "SELECT datname FROM pg_database WHERE datname LIKE 'hpcsweep\_test\_%'"); do
    runuser -u postgres -- psql -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
done

umask 077
printf '%s' "$PASSWORD" >"$DIR/password"
cat >"$DIR/env" <<ENV
PGHOST=127.0.0.1
PGPORT=$PORT
PGUSER=$ROLE
PGPASSWORD_FILE=$DIR/password
ENV
rm -f "$DIR/reason"
echo "postgres-up: PostgreSQL $VERSION on 127.0.0.1:$PORT, role $ROLE; env in $DIR/env"
