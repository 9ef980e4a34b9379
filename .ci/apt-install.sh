# Sourced by the .ci/install-*.sh scripts: installs Debian packages a group of tests needs, once.
#   apt_install LABEL CHECK NOTE [--no-recommends] PACKAGE...
# CHECK is a shell test that is true once they are installed (nothing is done then). Without root or
# apt it says so in one line (LABEL: ..., then NOTE: what the tests do without them) and returns 0; as
# root, an apt-get that fails is an error (return 1, one line with apt's last error), so CI does not
# quietly skip.
apt_install() {
    local label=$1 check=$2 note=$3
    shift 3
    local opts=()
    if [ "${1:-}" = --no-recommends ]; then
        opts=(--no-install-recommends)
        shift
    fi
    if eval "$check"; then
        echo "$label: $* already installed"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "$label: cannot install $* (not root, or no apt-get); $note"
        return 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    local log
    log=$(mktemp)
    if { apt-get install -y -q "${opts[@]}" "$@" || { apt-get update -q && apt-get install -y -q "${opts[@]}" "$@"; }; } >"$log" 2>&1 \
            && eval "$check"; then
        echo "$label: installed $*"
        rm -f "$log"
        return 0
    fi
    echo "$label: cannot install $* (apt-get failed: $(grep -E '^(E|W):' "$log" | tail -n1)); $note"
    rm -f "$log"
    return 1
}
