# A full disk (here: the file-size limit, ulimit -f, which fails writes the
# same way) in the middle of an import, a feed batch and a backup: mz says
# so in words and exits non-zero instead of being killed, the database stays
# intact with nothing of the failed operation in it, and the same command
# succeeds once there is room.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db d.db >/dev/null
"$MZ" gen --persons 20000 --seed 3 --date 2026-01-05 --csv . --db d.db >/dev/null
"$MZ" import households households.csv --date 2026-01-05 --db d.db >/dev/null

# Room for about 2 MB more than the database has now: the import needs more.
limited() { (ulimit -f $(( $(stat -c %s d.db) / 1024 + 2000 )); "$@"); }

rc=0; limited "$MZ" import persons persons.csv --date 2026-01-05 --db d.db >o.txt 2>e.txt || rc=$?
[ $rc -eq 1 ] || fail "import under a full disk exited $rc (153 = killed by SIGXFSZ)"
grep -q '磁盘已满' e.txt || fail "no message in words: $(cat e.txt)"
"$MZ" db check --db d.db >/dev/null || fail "database damaged"
[ "$(sqlite3 d.db 'select count(*) from persons')" = 0 ] || fail "half an import is visible"
"$MZ" import persons persons.csv --date 2026-01-05 --db d.db >o.txt
grep -q '新增 20000' o.txt || fail "the import with room: $(cat o.txt)"

# A feed batch (the 医保 feed, every person a settlement): the re-evaluated
# households and their facts need more room than is left; the batch that
# failed leaves no fact, no record key and no warning, and the rerun
# applies every record once.
awk -F, 'NR > 1 { printf "%s,JS%06d,2026-01-04,%d.00\n", $1, NR, 20000 + NR }' persons.csv |
    sed '1i 身份证号,结算单号,结算日期,近12个月自付金额' > yibao.csv
facts=$(sqlite3 d.db 'select count(*) from facts')
rc=0; limited "$MZ" feed ingest yibao yibao.csv --as-of 2026-01-05 --batch 100000 --db d.db \
    >o.txt 2>e.txt || rc=$?
[ $rc -eq 1 ] || fail "feed ingest under a full disk exited $rc: $(cat e.txt)"
grep -q '磁盘已满' e.txt || fail "feed: no message in words: $(cat e.txt)"
"$MZ" db check --db d.db >/dev/null || fail "database damaged by the feed"
[ "$(sqlite3 d.db 'select count(*) from facts')" = "$facts" ] || fail "half a feed batch is visible"
[ "$(sqlite3 d.db 'select count(*) from feed_records')" = 0 ] || fail "record keys of a failed batch"
[ "$(sqlite3 d.db 'select count(*) from warnings')" = 0 ] || fail "warnings of a failed batch"
"$MZ" feed ingest yibao yibao.csv --as-of 2026-01-05 --db d.db >o.txt
[ "$(sqlite3 d.db 'select count(*) from feed_records')" = 20000 ] || fail "the rerun: $(cat o.txt)"
audit=$(sqlite3 d.db 'select count(*) from audit_log')

# A backup to a full disk fails in words and leaves no half-written copy.
rc=0; (ulimit -f 1000; "$MZ" backup b.db --db d.db) >o.txt 2>e.txt || rc=$?
[ $rc -ne 0 ] || fail "a backup larger than the room succeeded"
[ $rc -ne 153 ] || fail "backup killed by SIGXFSZ"
[ -s e.txt ] || fail "backup failed silently"
[ -z "$(ls b.db* 2>/dev/null)" ] || fail "a half-written backup was left: $(ls b.db*)"
"$MZ" backup b.db --db d.db >/dev/null
"$MZ" db check --db b.db >/dev/null || fail "the backup with room is damaged"
[ "$(sqlite3 b.db 'select count(*) from audit_log')" -ge "$audit" ] || fail "backup lost audit rows"
echo ok
