# The supervision pages in the browser (issue #20): findings planted and
# handled and a spot check drawn by tests/e2e/lib/supervise_plant.bash,
# the real `mz serve`; then tests/e2e/web_supervision.mjs drives chromium
# through 监督看板 (a district, an auditor), a rule's findings, the report
# download, the spot checks and recording a result.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
source "$MZ_REPO/tests/e2e/lib/http.bash"
source "$MZ_REPO/tests/e2e/lib/supervise_plant.bash"
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
cd "$MZ_REPO"
URL=$URL S2="$s2" K1="$k1" node --test tests/e2e/web_supervision.mjs
