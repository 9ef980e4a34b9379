#!/usr/bin/env bash
# The embedded platform, run as root (as CI runs), runs each running job as an unprivileged user of its
# own, hpcsweep-job-0, hpcsweep-job-1, ... (one per job running at once, so at most one per core),
# through setpriv (util-linux), and creates those users with useradd (passwd) when absent. Both are
# Essential on Debian; this makes sure of them and creates the users ahead of the tests.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "not root: jobs run as $(id -un), no job user needed"; exit 0; }
if ! command -v setpriv >/dev/null || ! command -v useradd >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq util-linux passwd
fi
for i in $(seq 0 $(( $(nproc) - 1 ))); do
  user=hpcsweep-job-$i
  id -u "$user" >/dev/null 2>&1 \
    || useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" \
    || id -u "$user" >/dev/null
  echo "jobs may run as $(id "$user")"
done
