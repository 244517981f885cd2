# Dynamic monitoring from the command line, on a synthetic city: a 医保
# feed with a large bill for a near-poverty household raises a warning for
# its street with the evidence; re-sending changes nothing; bad records are
# rejected with reasons; a 公安 death record raises a death warning and the
# engine stops counting the deceased from the death date; warnings follow
# their lifecycle; the sweep agrees with the incremental path.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
F="$MZ_REPO/feeds"
H="$MZ_REPO/data/holidays-cn.csv"
opts=(--db e.db --policies "$P" --feeds "$F" --holidays "$H")

"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db e.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --db e.db >/dev/null
# The same seed written as CSV gives the ID numbers the departments know.
mkdir csv && "$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --csv csv --db e.db >/dev/null
"$MZ" monitor sweep --baseline --as-of 2025-03-03 "${opts[@]}" > base.txt
grep -q '新增预警 0 条' base.txt || fail "baseline: $(cat base.txt)"

# A one-person household earning 1500–2500 yuan a month, in no program.
hh=$(sqlite3 e.db "select h.hh_no from households h join memberships m on m.household_id = h.id
      join facts f on f.entity = 'person' and f.entity_id = m.person_id and f.variable = 'wage_income'
      where h.id not in (select household_id from monitor_decisions)
      and (select count(*) from memberships m2 where m2.household_id = h.id) = 1
      and cast(f.value as integer) between 150000 and 250000 limit 1")
[ -n "$hh" ] || fail "no near-poverty household"
id=$(grep ",$hh,户主" csv/persons.csv | cut -d, -f1)
[ -n "$id" ] || fail "no ID number for $hh"
street=${hh:0:9}

cat > yb.csv <<CSV
身份证号,结算单号,结算日期,近12个月自付金额
$id,YB-0001,2025-02-20,48000.00
500103199005050079,YB-0002,2025-02-21,300
$id,YB-0003,2025-02-22,四万
CSV
"$MZ" feed ingest yibao yb.csv --as-of 2025-03-03 "${opts[@]}" > in1.txt
grep -q '采用 1 条' in1.txt && grep -q '拒收 2 条' in1.txt || fail "ingest: $(cat in1.txt)"
"$MZ" warning list --division "$street" "${opts[@]}" > w.txt
grep -q "户$hh.*大额自付医疗费用" w.txt || fail "no warning for $hh in $street: $(cat w.txt)"
wid=$(grep "户$hh.*large_medical" w.txt | cut -f1)
"$MZ" warning show "$wid" "${opts[@]}" > show.txt
grep -q '48000.00元' show.txt && grep -q 'yibao:YB-0001' show.txt || fail "evidence: $(cat show.txt)"
grep -q "^$wid	$street	high	open" show.txt || fail "office/severity: $(head -1 show.txt)"
# Another street's list does not show it.
"$MZ" warning list --division 500199 "${opts[@]}" > other.txt
grep -q "户$hh" other.txt && fail "scope"

# Re-sending changes nothing; rejects keep their reasons.
n1=$(sqlite3 e.db "select count(*) from warnings")
f1=$(sqlite3 e.db "select count(*) from facts")
"$MZ" feed ingest yibao yb.csv --as-of 2025-03-03 "${opts[@]}" > in2.txt
grep -q '采用 0 条，未变 1 条' in2.txt || fail "re-ingest: $(cat in2.txt)"
[ "$(sqlite3 e.db "select count(*) from warnings")" = "$n1" ] || fail "re-ingest raised warnings"
[ "$(sqlite3 e.db "select count(*) from facts")" = "$f1" ] || fail "re-ingest stored facts"
"$MZ" feed rejects yibao "${opts[@]}" > rej.txt
grep -q 'YB-0002.*没有此人' rej.txt && grep -q 'YB-0003.*四万' rej.txt || fail "rejects: $(cat rej.txt)"
[ "$(wc -l < rej.txt)" -eq 2 ] || fail "rejects doubled: $(cat rej.txt)"

# JSON lines: a 卫健 diagnosis for the same person.
printf '{"身份证号": "%s", "诊断编号": "WJ-0001", "诊断日期": "2025-02-25"}\n{broken\n' "$id" > wj.jsonl
"$MZ" feed ingest weijian wj.jsonl --as-of 2025-03-03 "${opts[@]}" > wj.txt
grep -q '采用 1 条' wj.txt && grep -q '拒收 1 条' wj.txt || fail "jsonl: $(cat wj.txt)"
"$MZ" warning list --rule serious_illness "${opts[@]}" > si.txt
grep -q "户$hh" si.txt || fail "jsonl warning: $(cat si.txt)"

# 政策找人 candidates for the program the bill qualified the household for.
"$MZ" monitor candidates --program rigid "${opts[@]}" > cand.txt
grep -q "户$hh" cand.txt || fail "candidates: $(cat cand.txt)"
"$MZ" monitor candidates --program rigid --division "$street" --xlsx cand.xlsx "${opts[@]}" > cx.txt
grep -q '已写入 cand.xlsx' cx.txt && [ "$(head -c 2 cand.xlsx)" = PK ] || fail "xlsx: $(cat cx.txt)"

# A death: a non-head member of a household of three or more.
dhh=$(sqlite3 e.db "select h.hh_no from households h where (select count(*) from memberships m
      where m.household_id = h.id) >= 3 limit 1")
did=$(grep ",$dhh," csv/persons.csv | grep -v ',户主$' | head -1 | cut -d, -f1)
size=$(grep -c ",$dhh," csv/persons.csv)
printf '身份证号,死亡日期,死亡证明编号\n%s,2025-02-10,GA-0001\n' "$did" > ga.csv
"$MZ" feed ingest gongan ga.csv --as-of 2025-03-03 "${opts[@]}" > ga.txt
grep -q '采用 1 条' ga.txt || fail "death ingest: $(cat ga.txt)"
"$MZ" warning list --rule member_died --evidence "${opts[@]}" > d.txt
grep -q "户$dhh" d.txt && grep -q '自 2025-03-01 起停发' d.txt || fail "death warning: $(cat d.txt)"
"$MZ" explain "$dhh" --as-of 2025-02-09 --policies "$P" --db e.db > ex1.txt
grep -q "家庭成员数（members） = $size$" ex1.txt || fail "before death: not $size members"
"$MZ" explain "$dhh" --as-of 2025-02-11 --policies "$P" --db e.db > ex2.txt
grep -q "家庭成员数（members） = $((size - 1))$" ex2.txt || fail "after death: still counted"

# Lifecycle.
set +e
"$MZ" warning close "$wid" 已纳入 "${opts[@]}" 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'open' err.txt || fail "close before verify"
"$MZ" warning assign "$wid" 张三 "${opts[@]}" >/dev/null
"$MZ" warning verify "$wid" 入户核实属实 "${opts[@]}" >/dev/null
"$MZ" warning close "$wid" 已纳入刚性支出困难家庭 "${opts[@]}" >/dev/null
"$MZ" warning show "$wid" "${opts[@]}" > closed.txt
grep -q 'closed' closed.txt || fail "closed"
grep -q '核实情况：入户核实属实' closed.txt && grep -q '办理结果：已纳入刚性支出困难家庭' closed.txt ||
    fail "close kept the finding and the result: $(cat closed.txt)"

# The sweep agrees with what the feeds already raised.
"$MZ" monitor sweep --as-of 2025-03-03 "${opts[@]}" > sw.txt
grep -q '新增预警 0 条' sw.txt || fail "sweep disagrees: $(cat sw.txt)"
"$MZ" audit verify --db e.db >/dev/null || fail "audit chain"
