#!/usr/bin/env bash
# Regenerates docs/dashboard.png: the overview of `digitctl serve` on the example tree (examples/helm), with the
# release Demo demo-v1.0 deployed to two MockClusters (dev and e2e) and egov-user then deployed at a newer tag to
# e2e, so that its changed tag is highlighted. It runs the browser test that takes the screenshot; it needs
# Debian's chromium and chromium-driver (apt-get install chromium chromium-driver).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="$PWD/docs/dashboard.png"
rm -f "$out"
mvn -B -q test -Dtest=DashboardBrowserTest -Dsurefire.failIfNoSpecifiedTests=false -Ddigitctl.screenshot="$out"
test -s "$out" || { echo "error: no screenshot was written (were chromium and chromium-driver found? see target/surefire-reports)" >&2; exit 1; }
echo "Wrote $out"
