# 三权分立 (等保 2.0 level 3, docs/security.md): the system, security and
# audit administrators. One person cannot hold two of them (nor one and a
# business account); walking the whole route table, each of them is refused
# every business route and the other two's routes (403 forbidden_role), the
# audit administrator every route that writes, and no business table
# changes; business accounts are refused the administrators' routes; each
# administrator's own routes work, are refused on its own account and
# on administrators' accounts where that would undo the separation, and are
# audited.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
A=500103198001010016 B=500103198502020028 C=500103199003030015 D=50010319750404001X
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 300 --seed 4 --date 2026-01-05 --db t.db >/dev/null
add() { MZ_PASSWORD=pw-adm-12345 "$MZ" user add "$@" --db t.db >/dev/null 2>err.txt; }
add sys --role sys_admin --division 50 --holder $A || fail "sys: $(cat err.txt)"
add sec --role sec_admin --division 50 --holder $B || fail "sec: $(cat err.txt)"
add aa --role audit_admin --division 50 --holder $C || fail "aa: $(cat err.txt)"
add st --role street --division 500103001 --holder $D || fail "st: $(cat err.txt)"
add aud --role auditor --division 50 || fail "aud: $(cat err.txt)"

# separation: another administrator role, or a business account, for one holder
! add sys-b --role sec_admin --division 50 --holder $A &&
    grep -q '三权分立：该持有人已持有系统管理员账户“sys”，不能再持有安全管理员账户' err.txt ||
    fail "one holder, two administrator roles: $(cat err.txt)"
! add st-b --role community --division 500103001003 --holder $B &&
    grep -q '已持有安全管理员账户“sec”' err.txt || fail "an administrator as business staff: $(cat err.txt)"
! add aa-b --role audit_admin --division 50 --holder $D && grep -q '已持有街道/乡镇经办账户“st”' err.txt ||
    fail "business staff as an administrator: $(cat err.txt)"
! add aa-c --role audit_admin --division 50 && grep -q '须登记持有人的身份证号' err.txt ||
    fail "an administrator without a holder: $(cat err.txt)"
! add aa-d --role audit_admin --division 50 --holder 500103198001010017 && grep -q '校验码' err.txt ||
    fail "a wrong ID number: $(cat err.txt)"
add sys-2 --role sys_admin --division 50 --holder $A || fail "a second account of the same role: $(cat err.txt)"
[ "$(sqlite3 t.db "select count(*) from users where hex(holder_sealed) like '%$(printf %s $A | xxd -p)%'
                   or hex(holder_index) like '%$(printf %s $A | xxd -p)%'")" = 0 ] &&
    [ "$(sqlite3 t.db "select count(*) from users where length(holder_sealed) > 18")" = 5 ] ||
    fail "the holder's ID number is not sealed"

"$MZ" serve --listen 127.0.0.1:0 --db t.db > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-adm-12345\"}")" = 200 ] ||
        fail "login $1: $(cat body)"
    json o.token
}
SYS=$(login sys) SEC=$(login sec) AA=$(login aa) ST=$(login st) AUD=$(login aud)
for t in SYS SEC AA; do
    [ "$(req GET /api/v1/me "${!t}")" = 200 ] && [ "$(json o.can_write)" = false ] ||
        fail "$t /me: $(cat body)"
done
# every table but the sessions' and the logs', in one sqlite3 run
snapshot() {
    sqlite3 t.db "select name from sqlite_schema where type = 'table' and
                  name not in ('sessions', 'audit_log', 'login_failures') order by name" |
        while read -r t; do printf '.print == %s\nselect * from "%s";\n' "$t" "$t"; done | sqlite3 t.db
}
snapshot > before.txt

# the whole route table, as each administrator and as business accounts: all
# the requests in one curl run (walk.cfg), each answer in walk/K checked after
declare -A own=([SYS]=sys_admin [SEC]=sec_admin [AA]=audit_admin)
expect=() n=0 w=0
mkdir walk
: > walk.cfg
ask() { # METHOD URL TOKEN DATA STATUS TEXT WHAT: the answer should be STATUS with TEXT in its body
    local k=${#expect[@]}
    printf 'next\nurl = "%s%s"\nrequest = %s\nheader = "Authorization: Bearer %s"\noutput = "walk/%d"\n' \
        "$URL" "$2" "$1" "$3" "$k" >> walk.cfg
    [ -z "$4" ] || printf 'header = "Content-Type: application/json"\ndata-binary = "%s"\n' "${4//\"/\\\"}" >> walk.cfg
    printf 'write-out = "%%{http_code} %d\\n"\n' "$k" >> walk.cfg
    expect+=("$5|$6|$7")
}
while read -r method path who url; do
    [ "$who" = open ] || [ "$who" = machine ] || [ "$who" = resident ] && continue
    [ "$path" = /api/v1/logout ] || [ "$path" = /api/v1/me ] && continue
    data=; [ "$method" = POST ] && data='{}'
    for t in SYS SEC AA; do
        [ "$who" = "${own[$t]}" ] && continue
        ask "$method" "$url" "${!t}" "$data" 403 '"code":"forbidden_role"' "$method $path ($who) as $t"
    done
    case $who in
        sys_admin|sec_admin|audit_admin)
            for t in ST AUD; do ask "$method" "$url" "${!t}" "$data" 403 '此功能只供' "$method $path as $t"; done ;;
    esac
    if [ "$method" = POST ]; then # the audit administrator writes nothing, even on its own kind
        ask POST "$url" "$AA" '{"name":"x","password":"y"}' 403 '' "POST $path as the audit administrator"
        w=$((w + 1))
    fi
    n=$((n + 1))
done < <("$MZ" serve --routes | awk '{ u = $2; gsub(/{[a-z_]*}/, "1", u); print $0, u }')
sed -i 1d walk.cfg # the first "next"
curl -s -K walk.cfg > walk.txt || fail "the walk's curl run: $?"
[ "$(wc -l < walk.txt)" = "${#expect[@]}" ] || fail "the walk: $(wc -l < walk.txt) answers of ${#expect[@]}"
while read -r st k; do
    IFS='|' read -r want text what <<< "${expect[k]}"
    IFS= read -r -d '' answer < "walk/$k" || true
    [ "$st" = "$want" ] && [[ $answer == *"$text"* ]] || fail "$what: $st $answer"
done < walk.txt
[ "$n" -ge 150 ] && [ "$w" -ge 60 ] || fail "only $n routes ($w writes) tried"
snapshot > after.txt
cmp -s before.txt after.txt || fail "the walk changed: $(diff before.txt after.txt | head)"
[ "$(req GET /api/v1/households "$AA")" = 403 ] && grep -q '审计管理员没有业务权限' body &&
    grep -q '只能使用“审计日志”' body || fail "the message to the audit administrator: $(cat body)"

# 系统管理员: 账号管理 (business accounts only)
[ "$(req GET /api/v1/admin/accounts "$SYS")" = 200 ] || fail "accounts: $(cat body)"
[ "$(json 'o.items.find(a => a.name === "st").role_label')" = 街道/乡镇经办 ] &&
    [ "$(json 'o.items.find(a => a.name === "st").last_login !== null')" = true ] &&
    [ "$(json 'o.items.find(a => a.name === "sec").admin')" = true ] || fail "accounts: $(cat body)"
st=$(req POST /api/v1/admin/accounts "$SYS" '{"name":"new1","role":"community","division":"500103001003","password":"short"}')
[ "$st" = 422 ] && [ "$(json o.code)" = weak_password ] || fail "a weak password: $st $(cat body)"
st=$(req POST /api/v1/admin/accounts "$SYS" '{"name":"new1","role":"community","division":"500103001003","password":"pw-new-12345"}')
[ "$st" = 201 ] || fail "add: $st $(cat body)"
st=$(req POST /api/v1/admin/accounts "$SYS" '{"name":"new2","role":"sec_admin","division":"50","password":"pw-new-12345"}')
[ "$st" = 403 ] && [ "$(json o.code)" = admin_account ] || fail "an administrator added by API: $st $(cat body)"
for a in disable password; do
    st=$(req POST /api/v1/admin/accounts/sec/$a "$SYS" '{"password":"pw-new-12345"}')
    [ "$st" = 403 ] && [ "$(json o.code)" = admin_account ] || fail "$a sec: $st $(cat body)"
    st=$(req POST /api/v1/admin/accounts/sys/$a "$SYS" '{"password":"pw-new-12345"}')
    [ "$st" = 403 ] && [ "$(json o.code)" = own_account ] || fail "$a itself: $st $(cat body)"
done
[ "$(req POST /api/v1/admin/accounts/new1/password "$SYS" '{"password":"pw-new-67890"}')" = 204 ] ||
    fail "password: $(cat body)"
[ "$(req POST /api/v1/admin/accounts/new1/disable "$SYS" '{}')" = 204 ] || fail "disable: $(cat body)"
[ "$(req POST /api/v1/login '' '{"name":"new1","password":"pw-new-67890"}')" = 401 ] ||
    fail "a disabled account signs in: $(cat body)"
[ "$(sqlite3 t.db "select group_concat(action, ' ') from audit_log where actor = 'user:sys' and action <> 'user.login'")" = \
  "admin.accounts user.add user.passwd user.disable" ] ||
    fail "the system administrator's audit: $(sqlite3 t.db "select action from audit_log where actor = 'user:sys'")"

# 安全管理员: a locked account unlocked, sessions ended, the second factor
# required and reset (six refused sign-ins of st: five wrong passwords, the
# password without the code)
for _ in 1 2 3 4 5; do req POST /api/v1/login '' '{"name":"st","password":"wrong-pass"}' >/dev/null; done
[ "$(req POST /api/v1/login '' '{"name":"st","password":"pw-adm-12345"}')" = 429 ] || fail "not locked: $(cat body)"
[ "$(req GET /api/v1/security/accounts "$SEC")" = 200 ] &&
    [ "$(json 'o.items.find(a => a.name === "st").locked')" = true ] || fail "locked: $(cat body)"
st=$(req POST /api/v1/security/accounts/sec/unlock "$SEC")
[ "$st" = 403 ] && [ "$(json o.code)" = own_account ] || fail "unlocks itself: $st $(cat body)"
[ "$(req POST /api/v1/security/accounts/st/unlock "$SEC")" = 204 ] || fail "unlock: $(cat body)"
ST=$(login st)
[ "$(req POST /api/v1/security/accounts/st/end-sessions "$SEC")" = 204 ] || fail "end-sessions: $(cat body)"
[ "$(req GET /api/v1/households "$ST")" = 401 ] || fail "the session lives on: $(cat body)"
# the second factor required: a new secret shown once; the password alone no longer signs in
[ "$(req POST /api/v1/security/accounts/st/enroll-totp "$SEC")" = 200 ] &&
    [ "$(json '/^[A-Z2-7]{32}$/.test(o.secret)')" = true ] &&
    [ "$(json 'o.otpauth.startsWith("otpauth://totp/minzheng:st?secret=" + o.secret + "&")')" = true ] ||
    fail "enroll-totp: $(cat body)"
[ "$(req POST /api/v1/login '' '{"name":"st","password":"pw-adm-12345"}')" = 401 ] &&
    [ "$(json o.code)" = otp_required ] || fail "the password alone after enrolment: $(cat body)"
[ "$(req POST /api/v1/security/accounts/sec/enroll-totp "$SEC")" = 403 ] || fail "enrols itself: $(cat body)"
[ "$(req POST /api/v1/security/accounts/st/reset-totp "$SEC")" = 204 ] || fail "reset-totp: $(cat body)"
[ "$(sqlite3 t.db "select totp is null from users where name = 'st'")" = 1 ] || fail "totp kept"
[ "$(req POST /api/v1/security/accounts/st/nothing "$SEC")" = 404 ] || fail "an unknown action: $(cat body)"
[ "$(req GET '/api/v1/security/events?per_page=100' "$SEC")" = 200 ] &&
    [ "$(json 'o.items.filter(e => e.action === "user.login_failed" && e.account === "st").length')" = 6 ] &&
    [ "$(json 'o.items.some(e => e.action === "user.unlock")')" = true ] &&
    [ "$(json 'o.items.some(e => e.action.startsWith("admin.") || e.action === "user.login")')" = false ] ||
    fail "security events: $(cat body)"
[ "$(sqlite3 t.db "select group_concat(action, ' ') from audit_log where actor = 'user:sec' and action <> 'user.login'")" = \
  "security.accounts user.unlock user.sessions_end user.totp_enroll user.totp_remove security.events" ] ||
    fail "the security administrator's audit: $(sqlite3 t.db "select action from audit_log where actor = 'user:sec'")"

# 审计管理员: the log filtered and paged, the other administrators' actions, the chain
[ "$(req GET '/api/v1/audit/log?actor=user:sys&per_page=2' "$AA")" = 200 ] &&
    [ "$(json o.total)" = 5 ] && [ "$(json o.items.length)" = 2 ] &&
    [ "$(json o.items[0].action)" = user.disable ] && [ "$(json o.items[0].account)" = new1 ] ||
    fail "log by actor: $(cat body)"
[ "$(req GET '/api/v1/audit/log?actor=user:sys&per_page=2&page=2' "$AA")" = 200 ] &&
    [ "$(json o.items[1].action)" = admin.accounts ] || fail "page 2: $(cat body)"
[ "$(req GET '/api/v1/audit/log?admins=1&action=user.&per_page=100' "$AA")" = 200 ] &&
    [ "$(json 'o.items.map(e => e.actor).filter((a, i, l) => l.indexOf(a) === i).sort().join(" ")')" = "user:aa user:sec user:sys" ] ||
    fail "the administrators' actions: $(cat body)"
today=$(date -u +%F)
[ "$(req GET "/api/v1/audit/log?from=$today&to=$today&action=user.login_failed" "$AA")" = 200 ] &&
    [ "$(json o.total)" = 7 ] || fail "a day: $(cat body)" # st's six and the disabled new1's
[ "$(req GET "/api/v1/audit/log?to=2000-01-01" "$AA")" = 200 ] && [ "$(json o.total)" = 0 ] ||
    fail "before everything: $(cat body)"
[ "$(req GET "/api/v1/audit/log?from=2026-13-01" "$AA")" = 400 ] || fail "a bad date: $(cat body)"
[ "$(req GET /api/v1/audit/verify "$AA")" = 200 ] && [ "$(json o.intact)" = true ] &&
    [ "$(json 'o.entries > 10')" = true ] || fail "verify: $(cat body)"
[ "$(sqlite3 t.db "select count(*) from audit_log where actor = 'user:aa' and action in ('audit.read', 'audit.verify')")" = 6 ] ||
    fail "the audit administrator's reads are not audited"
"$MZ" audit verify --db t.db >/dev/null 2>&1 || fail "the chain after all this"
# The page checks the newest signed checkpoint as `mz audit verify` does: none
# yet; then one, matched; then the log cut below it, found.
[ "$(json o.checkpoint)" = null ] || fail "a checkpoint without its file: $(cat body)"
"$MZ" notice keygen >/dev/null
"$MZ" audit checkpoint --db t.db > cp.txt || fail "checkpoint: $(cat cp.txt)"
[ "$(req GET /api/v1/audit/verify "$AA")" = 200 ] && [ "$(json o.intact)" = true ] &&
    [ "$(json 'o.checkpoint.entries > 10')" = true ] || fail "verify against a checkpoint: $(cat body)"
cut=$(json o.checkpoint.entries)
sqlite3 t.db "delete from audit_log where seq > $cut - 5" # the next read appends one
[ "$(req GET /api/v1/audit/verify "$AA")" = 200 ] && [ "$(json o.intact)" = false ] &&
    [ "$(json o.code)" = audit_truncated ] && [ "$(json o.checkpoint)" = null ] ||
    fail "a log cut below its checkpoint: $(cat body)"
echo "admin roles ok: $n routes walked, $w writes refused to the audit administrator"
