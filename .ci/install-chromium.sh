#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and its matching chromedriver for the web page test
# (src/test/java/org/hpcsweep/web/WebPageTest.java; without them it skips itself, saying why). Needs root.
set -u
. "$(dirname "$0")/apt-install.sh"
apt_install install-chromium '[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]' \
    "without them the web page test is skipped" chromium chromium-driver
