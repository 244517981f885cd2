# The staff's second factor and idle sessions (等保 level 3): `mz user totp` enrols an account
# and prints its secret and otpauth address; the API then refuses the
# password alone (otp_required), a wrong code and a replayed code, and
# accepts the authenticator's current code (computed here with node's
# crypto, independently of mz); the console asks for the code after the
# password; `--remove` returns the account to the password alone. A session
# unused for 30 minutes ends.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 300 --seed 3 --date 2026-01-05 --db t.db >/dev/null
A=$(sqlite3 t.db "select substr(division, 1, 9) from households limit 1")
MZ_PASSWORD=pw-staf-123 "$MZ" user add staf --role street --division "$A" --db t.db >/dev/null
"$MZ" user totp staf --db t.db > enrol.txt || fail "enrol: $(cat enrol.txt)"
SECRET=$(grep -oE '^[A-Z2-7]{32}$' enrol.txt) || fail "no secret printed: $(cat enrol.txt)"
grep -q "^otpauth://totp/minzheng:staf?secret=$SECRET&issuer=minzheng" enrol.txt || fail "otpauth address"
grep -q '█' enrol.txt || fail "no QR code printed"
[ "$(sqlite3 t.db "select count(*) from users where name = 'staf' and totp is not null")" = 1 ] || fail "not stored"
sqlite3 t.db "select hex(totp) from users where name = 'staf'" | grep -q "$(printf %s "$SECRET" | xxd -p)" \
    && fail "the secret is stored in clear"

# code OFFSET: the authenticator's code, OFFSET steps from now
code() { SECRET=$SECRET node -e '
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"; let bits = "";
  for (const c of process.env.SECRET) bits += a.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8); msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + Number(process.argv[1])));
  const h = require("crypto").createHmac("sha1", key).update(msg).digest(); const o = h[19] & 15;
  console.log(String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0"));' "$1"; }

"$MZ" serve --listen 127.0.0.1:0 --db t.db > serve.out 2> serve.err &
serve_wait $!
login() { curl -s -o body -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$1" "$URL/api/v1/login"; }
[ "$(login '{"name":"staf","password":"pw-staf-123"}')" = 401 ] && grep -q '"otp_required"' body \
    && grep -q '"field":"otp"' body || fail "password alone: $(cat body)"
[ "$(login '{"name":"staf","password":"pw-staf-123","otp":"12345"}')" = 401 ] && grep -q '"bad_otp"' body \
    || fail "malformed code: $(cat body)"
C=$(code 0)
[ "$(login "{\"name\":\"staf\",\"password\":\"wrong-pw-1\",\"otp\":\"$C\"}")" = 401 ] && grep -q '"bad_credentials"' body \
    || fail "wrong password with a right code: $(cat body)"
[ "$(login "{\"name\":\"staf\",\"password\":\"pw-staf-123\",\"otp\":\"$C\"}")" = 200 ] || fail "right code: $(cat body)"
TOKEN=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("body", "utf8")).token)')
me() { curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me"; }
# idle sessions end: a use records itself (at most once a minute) …
sqlite3 t.db "update sessions set last_seen = strftime('%s', 'now') - 120"
[ "$(me)" = 200 ] || fail "session: $(cat body)"
[ "$(sqlite3 t.db "select strftime('%s', 'now') - last_seen < 30 from sessions")" = 1 ] || fail "use not recorded"
# … and 30 minutes without one end it
sqlite3 t.db "update sessions set last_seen = strftime('%s', 'now') - 1801"
[ "$(me)" = 401 ] || fail "an idle session still works: $(cat body)"
[ "$(login "{\"name\":\"staf\",\"password\":\"pw-staf-123\",\"otp\":\"$C\"}")" = 401 ] && grep -q '"bad_otp"' body \
    || fail "replayed code: $(cat body)"
[ "$(sqlite3 t.db "select count(*) from audit_log where action = 'user.login_failed'")" -ge 4 ] || fail "failures not audited"
[ "$(sqlite3 t.db "select count(*) from audit_log where action = 'user.login_2fa'")" = 1 ] || fail "2fa login not audited"

# the console asks for the code after the password (next step's code: this one is used)
cd "$MZ_REPO"
URL=$URL SECRET=$SECRET node --test tests/e2e/web_totp.mjs
cd "$OLDPWD"
kill $pid; wait $pid 2>/dev/null || true
"$MZ" user totp staf --remove --db t.db > out.txt || fail "remove: $(cat out.txt)"
[ "$(sqlite3 t.db "select count(*) from users where name = 'staf' and totp is null")" = 1 ] || fail "not removed"
echo "totp ok"
