#!/usr/bin/env bash
# System libraries Qt's xcb platform needs, plus Xvfb and xdotool for the tests
# that drive a real X server, and poppler-utils (pdftotext, pdfinfo) for the tests that
# read slides back. Installs what is missing when it can (root or sudo); otherwise says
# what to install and carries on.
set -u
packages=(xvfb xauth xdotool x11-utils libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0
          libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 fonts-dejavu-core
          poppler-utils)
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian/Ubuntu: nothing we know to do
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
  echo "playground: please install: ${missing[*]}" >&2; exit 0
fi
echo "installing system packages: ${missing[*]}" >&2
$sudo apt-get update -qq >/dev/null && \
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "playground: could not install ${missing[*]}; the window or some tests may not work" >&2
exit 0
