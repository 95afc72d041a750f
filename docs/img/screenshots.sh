#!/bin/bash
# The window screenshots in this folder, under a real X server (Xvfb, no window manager):
#   docs/img/screenshots.sh 1366x768 docs/img/window-1366x768.png
#   docs/img/screenshots.sh 1024x700 docs/img/window-1024x700.png
#   SCALE=1.5 KEYS= docs/img/screenshots.sh 1366x768 docs/img/window-1366x768-scale1.5.png
#   TEMPLATE=corporate-serif.pptx KEYS= docs/img/screenshots.sh 1400x900 docs/img/window-template.png
# A fresh settings folder each time, so the window opens as on a first start (with TEMPLATE:
# that export template chosen already). KEYS are sent once it is up (default: Ctrl+PgDown
# twice, to the example's chart section).
set -eu
size=$1 out=$2 keys=${KEYS-"ctrl+Next ctrl+Next"} display=${DISPLAY_NUMBER:-:57}
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
sleep 1.5
data=$(mktemp -d)
if [ -n "${TEMPLATE:-}" ]; then
  printf '[export]\ntemplate=%s\n' "$(realpath "$TEMPLATE")" >"$data/settings.ini"
fi
DISPLAY=$display BRIEFING_DESK_DATA_DIR=$data QT_QPA_PLATFORM=xcb \
  QT_SCALE_FACTOR=${SCALE:-1} python -m ui.app >/dev/null 2>&1 &
app=$!
sleep 9
if [ -n "$keys" ]; then
  window=$(DISPLAY=$display xdotool search --name "Briefing Desk" | head -1)
  DISPLAY=$display xdotool windowfocus --sync "$window"
  # shellcheck disable=SC2086
  DISPLAY=$display xdotool key --delay 300 $keys
  sleep 3
fi
DISPLAY=$display import -window root "$out"
kill "$app"
rm -rf "$data"
