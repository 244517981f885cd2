# Sourced by bench/bench_http.sh and scripts/soak.sh: writes the wrk scripts
# of the API load into DIR — read.lua (household pages at random, bearer
# token), write.lua (a household fact, one transaction with its audit
# entry) and feed.lua (single 医保 records with a machine token, ID numbers
# from DIR/ids.txt; each re-evaluates its household before answering).
# Usage: wrk_scripts DIR TOKEN HOUSEHOLDS HOUSEHOLD_NO FEED_TOKEN
wrk_scripts() {
    local dir=$1 token=$2 nhh=$3 hh_no=$4 feed_token=$5
    cat > "$dir/read.lua" <<LUA
math.randomseed(42)
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  return wrk.format("GET", "/api/v1/households/" .. math.random(1, $nhh))
end
LUA
    cat > "$dir/write.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = string.format('{"household_no":"$hh_no","variable":"housing_count","value":"%d","effective":"2026-01-01"}', math.random(0, 100))
  return wrk.format(nil, "/api/v1/facts", nil, body)
end
LUA
    cat > "$dir/feed.lua" <<LUA
local ids, n = {}, 0
for line in io.lines("$dir/ids.txt") do ids[#ids + 1] = line end
math.randomseed(7)
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $feed_token"
wrk.headers["Content-Type"] = "application/x-ndjson"
request = function()
  n = n + 1
  local body = string.format('{"身份证号":"%s","结算单号":"W%d-%d","结算日期":"2026-01-02","近12个月自付金额":"%d.00"}',
    ids[math.random(1, #ids)], n, math.random(1, 1e9), math.random(1000, 60000))
  return wrk.format(nil, "/api/v1/feeds/yibao?as_of=2026-01-05", nil, body)
end
LUA
}
