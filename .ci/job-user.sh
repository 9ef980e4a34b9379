#!/usr/bin/env bash
# The embedded platform, run as root (as CI runs), runs each job as an unprivileged user through
# setpriv (util-linux) and creates that user, hpcsweep-job, with useradd (passwd) if it is absent.
# Both are Essential on Debian; this makes sure of them and creates the user ahead of the tests.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "not root: jobs run as $(id -un), no job user needed"; exit 0; }
if ! command -v setpriv >/dev/null || ! command -v useradd >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq util-linux passwd
fi
id -u hpcsweep-job >/dev/null 2>&1 \
  || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin hpcsweep-job \
  || id -u hpcsweep-job >/dev/null
echo "jobs will run as $(id hpcsweep-job)"
