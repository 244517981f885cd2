# Notices as sealed OFD (issue #22): issued beside the PDF, checked by mz,
# then by an independent path — unzip, OpenSSL's ASN.1 parser and pkeyutl —
# with the seal's SM2 signature, the signer's certificate and the digest of
# every file; a changed byte anywhere fails; the text read out of the OFD
# names no internal field and no division code; the public verification
# page (no account) states the notice and, once a later decision exists,
# that it is superseded; ofd.js renders it in chromium with the seal.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db x.db >/dev/null
"$MZ" gen --persons 1500 --seed 5 --date 2025-01-01 --db x.db >/dev/null
"$MZ" eval --as-of 2025-07-01 --policies "$P" --db x.db >/dev/null
"$MZ" notice keygen --key k.pem --pubkey k.pub.pem >/dev/null
hh=$(sqlite3 x.db "select h.hh_no from households h join eval_results r on r.household_id = h.id
      where r.program = 'dibao' limit 1")
issue() { "$MZ" notice issue "$hh" --program dibao --as-of 2025-07-01 --key k.pem --policies "$P" \
    --public-url https://mz.example.gov.cn --db x.db "$@"; }
issue --decision approve --date 2025-07-10 --out a.pdf > out.txt || fail "issue: $(cat out.txt)"
[ -s a.ofd ] && [ -s a.pdf ] && [ -s a.pdf.sig ] || fail "files: $(ls)"
code=$(sed -n 's/^核验码 //p' out.txt)
[ ${#code} = 32 ] || fail "no verification code: $(cat out.txt)"
[ "$(sqlite3 x.db "select count(*) from seals")" = 1 ] || fail "one seal made"
[ "$(sqlite3 x.db "select count(*) from audit_log where action = 'seal.make'")" = 1 ] || fail "seal audited"

"$MZ" notice verify a.ofd --pubkey k.pub.pem --db x.db > v.txt || fail "verify: $(cat v.txt)"
grep -q '✓ 电子签章有效：印章“重庆市.*民政局”' v.txt && grep -q '✓ 本局签发记录' v.txt || fail "verify: $(cat v.txt)"

# ---- the independent path
mkdir ofd && (cd ofd && unzip -q ../a.ofd)
S=ofd/Doc_0/Signs/Sign_0
grep -q '<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures>' ofd/OFD.xml || fail "OFD.xml names no signatures"
# every file but the signature's own is listed with its SM3 (base64)
listed=0
while read -r ref value; do
    [ "$(openssl dgst -sm3 -binary "ofd$ref" | base64)" = "$value" ] || fail "digest of $ref"
    listed=$((listed + 1))
done < <(grep -o 'FileRef="[^"]*"><ofd:CheckValue>[^<]*' $S/Signature.xml | sed 's/FileRef="\([^"]*\)"><ofd:CheckValue>/\1 /')
[ "$listed" = "$(($(cd ofd && find . -type f | wc -l) - 2))" ] || fail "$listed files listed of $(cd ofd && find . -type f | wc -l)"
grep -q 'CheckMethod="1.2.156.10197.1.401"' $S/Signature.xml || fail "digest method is not SM3"
grep -q '<ofd:StampAnnot ID="1" PageRef="[0-9]*" Boundary="[0-9. ]*"/>' $S/Signature.xml || fail "no stamp annotation"
# SES_Signature: SEQUENCE { toSign, cert, signatureAlgID, signature }
openssl asn1parse -inform DER -in $S/SignedValue.dat > asn1.txt || fail "asn1parse: not DER"
read -r tbs_off tbs_hl tbs_l <<< "$(sed -n 's/^ *\([0-9]*\):d=1 *hl= *\([0-9]*\) *l= *\([0-9]*\).*/\1 \2 \3/p' asn1.txt | head -1)"
tbs_len=$((tbs_hl + tbs_l))
cert_off=$(awk '/d=1/ && /OCTET STRING/ {print $1 + 0; exit}' asn1.txt)
sig_off=$(awk '/d=1/ && /BIT STRING/ {off = $1 + 0} END {print off}' asn1.txt)
grep -q 'd=1.*OBJECT *:1.2.156.10197.1.501\|d=1.*OBJECT *:SM2-with-SM3' asn1.txt || fail "algorithm: $(cat asn1.txt)"
dd if=$S/SignedValue.dat of=tbs.der bs=1 skip="$tbs_off" count="$tbs_len" status=none
openssl asn1parse -inform DER -in $S/SignedValue.dat -strparse "$cert_off" -noout -out cert.der
openssl asn1parse -inform DER -in $S/SignedValue.dat -strparse "$sig_off" -noout -out sig.der
openssl x509 -inform DER -in cert.der -noout -subject -nameopt utf8 > subject.txt
grep -q '重庆市.*民政局' subject.txt || fail "certificate subject: $(cat subject.txt)"
openssl x509 -inform DER -in cert.der -pubkey -noout > signer.pub.pem
cmp -s <(openssl pkey -pubin -in signer.pub.pem -outform DER) <(openssl pkey -pubin -in k.pub.pem -outform DER) \
    || fail "the seal's certificate is not of the bureau's key"
openssl pkeyutl -verify -rawin -digest sm3 -pubin -inkey signer.pub.pem -sigfile sig.der -in tbs.der \
    -pkeyopt distid:1234567812345678 > pk.txt || fail "pkeyutl: $(cat pk.txt)"
grep -q 'Signature Verified Successfully' pk.txt || fail "pkeyutl: $(cat pk.txt)"
# dataHash (a BIT STRING in toSign) is the SM3 of Signature.xml
xxd -p tbs.der | tr -d '\n' > tbs.hex
grep -q "032100$(openssl dgst -sm3 -binary $S/Signature.xml | xxd -p | tr -d '\n')" tbs.hex \
    || fail "dataHash is not the SM3 of Signature.xml"
# the seal itself: its picture is a PNG, its version 4
openssl asn1parse -inform DER -in tbs.der > tbs.txt
grep -q 'IA5STRING *:PNG' tbs.txt || fail "seal picture type"
grep -q 'IA5STRING *:ES$' tbs.txt || fail "seal header"

# ---- a changed byte anywhere fails (the content checks, and the record by SM3)
size=$(stat -c %s a.ofd)
for i in $(seq 0 37); do
    pos=$((i * size / 38 + 7))
    cp a.ofd t.ofd
    b=$(xxd -s "$pos" -l 1 -p t.ofd)
    printf "$(printf '\\x%02x' $(((0x$b + 1) % 256)))" | dd of=t.ofd bs=1 seek="$pos" conv=notrunc status=none
    set +e
    "$MZ" notice verify t.ofd --pubkey k.pub.pem --db x.db > t.txt 2>&1; rc=$?
    set -e
    [ $rc -ne 0 ] || fail "a changed byte at $pos of $size passed: $(cat t.txt)"
done
# another bureau's key
"$MZ" notice keygen --key k2.pem --pubkey k2.pub.pem >/dev/null
set +e
"$MZ" notice verify a.ofd --pubkey k2.pub.pem > t.txt; rc=$?
set -e
[ $rc = 1 ] && grep -q '不是本机关的印章' t.txt || fail "other key: $(cat t.txt)"

# ---- the text of the OFD reads as a legal document
# (digests and the verification code are hex on purpose; a masked ID keeps its first six digits)
sed 's/<ofd:TextCode[^>]*>/\n/g; s/<[^>]*>//g' ofd/Doc_0/Pages/Page_*/Content.xml > text.txt
grep -q '准予城乡居民最低生活保障决定书' text.txt || fail "OFD text: $(head -c 300 text.txt)"
grep -q '大写：' text.txt || fail "amount in words"
if grep -E '\b[a-z]+_[a-z]+\b' text.txt; then fail "an internal name in the OFD text"; fi
if sed -E 's/\b[0-9a-f]{32}([0-9a-f]{32})?\b//g' text.txt | grep -P '(?<![\d*\-])(\d{12}|\d{9}|\d{6})(?![\d*\-])'; then
    fail "a division code in the OFD text"
fi
pdftotext -enc UTF-8 a.pdf - > pdf.txt
if grep -E '\b[a-z]+_[a-z]+\b' pdf.txt; then fail "an internal name in the PDF text"; fi
grep -q "https://mz.example.gov.cn/#/verify/$code" <(tr -d '\n' < pdf.txt) || fail "the PDF gives no verification address"

# ---- the public verification page
"$MZ" serve --listen 127.0.0.1:0 --db x.db > serve.out 2> serve.err &
serve_wait $!
js() { node -e "const b = JSON.parse(require('fs').readFileSync('body', 'utf8')); process.exit(($1) ? 0 : 1)"; }
[ "$(curl -s -o body -w '%{http_code}' "$URL/api/v1/verify/$code")" = 200 ] || fail "verify: $(cat body)"
js "b.in_force === true && b.title === '准予城乡居民最低生活保障决定书' && /民政局$/.test(b.issuer) &&
    b.sm3 === '$(sha=$(openssl dgst -sm3 a.pdf); echo "${sha##* }")' && b.ofd_sm3 === '$(sha=$(openssl dgst -sm3 a.ofd); echo "${sha##* }")'" \
    || fail "verify answer: $(cat body)"
grep -q "$hh\|\"name\"\|id_masked" body && fail "personal data in the public answer: $(cat body)"
[ "$(curl -s -o body -w '%{http_code}' "$URL/api/v1/verify/0123456789abcdef0123456789abcdef")" = 404 ] || fail "unknown code"
[ "$(curl -s -o body -w '%{http_code}' "$URL/api/v1/verify/..%2f..")" = 404 ] || fail "bad code"
# a later change supersedes it
prev=$(sqlite3 x.db "select amount / 100 + 1 from notices where verify_code = '$code'")
issue --decision change --date 2025-08-10 --previous "$prev" --out c.pdf > out.txt || fail "change: $(cat out.txt)"
curl -s -o body "$URL/api/v1/verify/$code"
js "b.in_force === false && /〔2025〕2号$/.test(b.superseded_by)" || fail "not superseded: $(cat body)"

# ---- ofd.js (an independent reader) renders it in chromium, seal and all
cd "$MZ_REPO"
URL=$URL CODE=$code OFD=$OLDPWD/a.ofd node --test tests/e2e/web_ofd.mjs
