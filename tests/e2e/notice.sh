# Decision notices from the command line: a key pair, an approval and a
# rejection issued from the registry, verified; a tampered PDF, a tampered
# signature and another bureau's key are each refused with the reason.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db x.db >/dev/null
"$MZ" gen --persons 2000 --seed 11 --date 2025-01-01 --db x.db >/dev/null
"$MZ" eval --as-of 2025-07-01 --policies "$P" --db x.db >/dev/null

"$MZ" notice keygen --key k.pem --pubkey k.pub.pem >/dev/null
[ "$(stat -c %a k.pem)" = 600 ] || fail "private key mode $(stat -c %a k.pem)"
grep -q 'BEGIN PUBLIC KEY' k.pub.pem || fail "public key"

yes_hh=$(sqlite3 x.db "select h.hh_no from households h join eval_results r on r.household_id = h.id
      where r.program = 'dibao' and r.run_id = 1 limit 1")
no_hh=$(sqlite3 x.db "select hh_no from households where id not in
      (select household_id from eval_results where program = 'dibao') limit 1")
issue() { "$MZ" notice issue "$@" --program dibao --as-of 2025-07-01 --date 2025-07-10 \
    --key k.pem --policies "$P" --db x.db; }
issue "$yes_hh" --decision approve --out a.pdf > out.txt || fail "issue approve: $(cat out.txt)"
grep -q '已签发准予决定书' out.txt || fail "issue output: $(cat out.txt)"
issue "$no_hh" --decision reject --out r.pdf > out.txt || fail "issue reject"
[ -s r.pdf.sig ] || fail "no signature file"
[ "$(sqlite3 x.db 'select count(*) from notices')" = 2 ] || fail "notices recorded"
[ "$(sqlite3 x.db "select count(*) from audit_log where action = 'notice.issue'")" = 2 ] || fail "audit"

# The PDF holds the Chinese text; the rejection names the failing criterion.
pdftotext -enc UTF-8 r.pdf - | tr -d '\n' > r.txt
grep -q '不予城乡居民最低生活保障决定书' r.txt || fail "pdftotext: $(head -c 400 r.txt)"
grep -q '不符合的条件如下：✗ 条件' r.txt || fail "failing criterion: $(head -c 800 r.txt)"
grep -q '申请行政复议' r.txt && grep -q '行政诉讼' r.txt || fail "appeal rights"
pdftotext -enc UTF-8 a.pdf - | tr -d '\n' | grep -q '准予你户享受城乡居民最低生活保障' || fail "approval"

"$MZ" notice verify r.pdf --pubkey k.pub.pem --db x.db > v.txt || fail "verify: $(cat v.txt)"
grep -q '核验通过' v.txt || fail "verify output"

# A refused decision leaves nothing behind.
set +e
issue "$no_hh" --decision approve --out bad.pdf 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '不符合' err.txt && [ ! -e bad.pdf ] || fail "approve ineligible: $(cat err.txt)"

# Tampering: a flipped byte in the PDF, then in the signature, then another key.
cp r.pdf t.pdf; cp r.pdf.sig t.pdf.sig
printf 'X' | dd of=t.pdf bs=1 seek=2000 conv=notrunc 2>/dev/null
set +e
"$MZ" notice verify t.pdf --pubkey k.pub.pem --db x.db > v.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'SM2 签名不匹配' v.txt && grep -q '文件已被改动' v.txt || fail "tampered pdf: $(cat v.txt)"
cp r.pdf t.pdf
sed -i 's/^\(.\{20\}\)./\1!/' t.pdf.sig
set +e
"$MZ" notice verify t.pdf --pubkey k.pub.pem --db x.db > v.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '签名文件格式无效' v.txt && grep -q '签名文件被改动' v.txt \
    || fail "tampered signature: $(cat v.txt)"
"$MZ" notice keygen --key k2.pem --pubkey k2.pub.pem >/dev/null
set +e
"$MZ" notice verify r.pdf --pubkey k2.pub.pem > v.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'SM2 签名不匹配' v.txt || fail "other key: $(cat v.txt)"
set +e
"$MZ" notice keygen --key k.pem --pubkey k3.pub.pem 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '不会覆盖' err.txt || fail "keygen overwrote: $(cat err.txt)"
