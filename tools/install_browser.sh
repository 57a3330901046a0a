#!/bin/sh
# Set-up for the browser test (tests/test_browser.py): Debian's chromium and the Noto
# fonts (Vietnamese glyphs). Browsers cannot be downloaded by playwright here, so the
# test drives this system chromium. Idempotent; never fails the build: without root
# (or password-less sudo) or apt-get it prints what to run, and the test skips.
CHROMIUM="${VNNEWS_CHROMIUM:-/usr/bin/chromium}"
FONT_DIR=/usr/share/fonts/truetype/noto

have_all() {
    [ -x "$CHROMIUM" ] && [ -d "$FONT_DIR" ]
}

if have_all; then
    echo "install_browser: $CHROMIUM and Noto fonts present"
    exit 0
fi

if [ "$(id -u)" = 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    SUDO="sudo -n"
else
    echo "install_browser: chromium missing; as root run: apt-get install -y chromium fonts-noto-core" \
         "(the browser test skips until then)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get; install chromium and set VNNEWS_CHROMIUM to its path" \
         "(the browser test skips until then)"
    exit 0
fi

echo "install_browser: apt-get install chromium fonts-noto-core …"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq >/dev/null 2>&1 &&
   $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null 2>&1; then
    echo "install_browser: done ($("$CHROMIUM" --version 2>/dev/null | head -n 1))"
else
    echo "install_browser: apt-get failed; the browser test will skip if chromium is missing"
fi
exit 0
