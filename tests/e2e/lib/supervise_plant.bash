# Shared by the supervision dashboard scripts (sourced, not run): a small
# city with 低保 enrolled in July 2025; findings planted as
# tests/e2e/supervise.sh plants them — cars over the limit on two 低保
# households ($a1, $a2), village committee members heading two others
# ($k1 unfiled, $k2 with a case filed as 近亲属备案) — found by the sweep
# of 2025-08-20; $w1 confirmed and closed, $w2 dismissed with a reason,
# $w3 (k1's) left open; a spot check of 低保 in the county $U (seed
# jj-2025) with a result for its first household $s1 ($s2 the second).
# Accounts (password pw-NAME-123): li (street), wang (district $U), aud
# (auditor of the city). The script defines fail() first.
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=s.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 s.db "$1"; }
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 1500 --seed 11 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 1500 --seed 11 --date 2025-01-01 --csv csv >/dev/null
idof() { grep ",$1,$2" csv/persons.csv | head -1 | cut -d, -f1; }
"$MZ" eval --as-of 2025-06-01 >/dev/null
"$MZ" roll enrol --eligible --program dibao --from 2025-07 >/dev/null
"$MZ" roll enrol --eligible --program tekun --from 2025-07 >/dev/null
dibao() { q "select h.hh_no from enrolments e join households h on h.id = e.household_id
             where e.program = 'dibao' and h.division like '$U%' order by h.id limit 1 offset $1"; }
hh1=$(q "select h.hh_no from enrolments e join households h on h.id = e.household_id
         where e.program = 'dibao' order by h.id limit 1")
U=${hh1:0:6}
for u in "li street ${hh1:0:9}" "wang district $U" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-123" "$MZ" user delegate "$1" >/dev/null
done
# cars over the limit on two 低保 households; a village committee member
# heading two others, one with a case filed as a staff relative
a1=$(dibao 0) a2=$(dibao 1) k1=$(dibao 2) k2=$(dibao 3)
printf '身份证号,指标,值,生效日期,来源\n' > car.csv
for h in "$a1" "$a2"; do printf '%s,vehicle_value,150000.00,2025-08-01,公安车管\n' "$(idof "$h" 户主)" >> car.csv; done
"$MZ" import facts car.csv > car.txt 2>&1 || fail "car: $(cat car.txt)"
for h in "$k1" "$k2"; do
    "$MZ" staff add --id "$(idof "$h" 户主)" --kind village --post 村委会委员 --division "${h:0:12}" \
        --date 2025-01-01 >/dev/null
done
"$MZ" case open dibao --household "$k2" --staff-relative --as li --date 2025-08-02 >/dev/null
"$MZ" monitor sweep --as-of 2025-08-20 > sweep.txt || fail "sweep: $(cat sweep.txt)"
wid() { q "select w.id from warnings w join households h on h.id = w.household_id
           where w.rule = '$1' and h.hh_no = '$2'"; }
w1=$(wid assets_over_limit "$a1") w2=$(wid assets_over_limit "$a2") w3=$(wid staff_relative_unfiled "$k1")
[ -n "$w1" ] && [ -n "$w2" ] && [ -n "$w3" ] || fail "planted findings not raised: $(cat sweep.txt)"
[ -z "$(wid staff_relative_unfiled "$k2")" ] || fail "a filed staff relative raised a finding"
"$MZ" warning assign "$w1" 区县监督员 >/dev/null
"$MZ" warning verify "$w1" "经核实，车辆登记属实，启动复核" >/dev/null
"$MZ" warning close "$w1" "已终止低保并追回" >/dev/null
"$MZ" warning dismiss "$w2" "车辆已于7月过户，部门数据滞后" >/dev/null

# A spot check of 低保 in the county; results by the CLI, bad ones refused.
"$MZ" spotcheck draw --program dibao --division "$U" --share 50 --seed jj-2025 --as-of 2025-08-10 > draw.txt
s1=$(q "select h.hh_no from spot_check_items i join households h on h.id = i.household_id where check_id = 1 and ordinal = 1")
s2=$(q "select h.hh_no from spot_check_items i join households h on h.id = i.household_id where check_id = 1 and ordinal = 2")
[ -n "$s2" ] || fail "sample too small: $(cat draw.txt)"
"$MZ" spotcheck result --check 1 --household "$s1" --result 合格 --note 入户核实，与登记一致 > r1.txt \
    || fail "result: $(cat r1.txt)"
