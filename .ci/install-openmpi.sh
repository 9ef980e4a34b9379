#!/usr/bin/env bash
# Installs Debian's Open MPI (openmpi-bin: mpirun, orted), python3 and mpi4py (the tutorial's sampler
# imports it) so that jobs with useMpi run
# `mpirun -np N python3 ...` as written, as on Rescale (see the platform's MPI tests; without them
# those tests skip and say why). Idempotent: does nothing when both are there.
# Needs root and apt; without them it says so in one line and exits 0. As root, an apt-get that
# fails is an error (exit 1, one line with apt's last error), so CI does not quietly skip.
set -u

if [ -x /usr/bin/mpirun ] && [ -x /usr/bin/python3 ] && [ -d /usr/lib/python3/dist-packages/mpi4py ]; then
    echo "install-openmpi: mpirun and python3 already installed"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-openmpi: cannot install openmpi-bin + python3 + python3-mpi4py (not root); the MPI tests will be skipped"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-openmpi: cannot install openmpi-bin + python3 + python3-mpi4py (no apt-get); the MPI tests will be skipped"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if { apt-get install -y -q --no-install-recommends openmpi-bin python3 python3-mpi4py \
        || { apt-get update -q && apt-get install -y -q --no-install-recommends openmpi-bin python3 python3-mpi4py; }; } >"$log" 2>&1 \
        && [ -x /usr/bin/mpirun ] && [ -x /usr/bin/python3 ] && [ -d /usr/lib/python3/dist-packages/mpi4py ]; then
    echo "install-openmpi: installed $(/usr/bin/mpirun --version 2>/dev/null | head -n1)"
    rm -f "$log"
    exit 0
fi
echo "install-openmpi: cannot install openmpi-bin + python3 + python3-mpi4py (apt-get failed: $(grep -E '^(E|W):' "$log" | tail -n1)); without them the MPI tests are skipped"
rm -f "$log"
exit 1
