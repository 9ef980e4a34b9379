#!/usr/bin/env bash
# Installs Debian's Open MPI (openmpi-bin: mpirun, orted), python3 and mpi4py (the tutorial's sampler
# imports it) so that jobs with useMpi run `mpirun -np N python3 ...` as written, as on Rescale (see
# the platform's MPI tests; without them those tests skip and say why). Needs root.
set -u
. "$(dirname "$0")/apt-install.sh"
apt_install install-openmpi \
    '[ -x /usr/bin/mpirun ] && [ -x /usr/bin/python3 ] && [ -d /usr/lib/python3/dist-packages/mpi4py ]' \
    "without them the MPI tests are skipped" --no-recommends openmpi-bin python3 python3-mpi4py
