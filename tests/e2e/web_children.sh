# The children's pages in the browser (issue #16): a small city with
# children in difficulty, accounts of two 儿童主任 (two communities), a
# street's 儿童督导员, a county and a street caseworker; the real `mz serve`
# on a loopback port; tests/e2e/web_children.mjs drives chromium through
# the 儿童主任's visit list, a child's record, the county's dashboard, and
# the refusals (another community's child, a caseworker without the menu).
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=$PWD/k.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 11 >/dev/null
"$MZ" children classify >/dev/null
# the two communities with the most children in difficulty
read -r CA CB <<< "$("$MZ" children list | cut -f1 | grep -E '^[0-9]{12}$' | sort | uniq -c | sort -rn \
    | awk 'NR <= 2 { printf "%s ", $2 }')"
[ -n "$CA" ] && [ -n "$CB" ] || fail "no two communities with children in difficulty"
NA=$("$MZ" children list --division "$CA" | grep -c "^$CA")
for u in "dira child_director $CA" "dirb child_director $CB" "sup child_supervisor ${CA:0:9}" \
         "dis district ${CA:0:6}" "sta street ${CA:0:9}"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
DB=$MZ_DB
cd "$MZ_REPO"
URL=$URL NA=$NA DB=$DB node --test tests/e2e/web_children.mjs
