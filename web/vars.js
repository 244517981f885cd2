// Labels and kinds of the registry's fact variables, copied from
// src/registry/vars.c (update both together). money is in 分.
import { el, table } from './app.js';

export const VARS = {
 "wage_income": [
  "工资性收入（元/月）",
  "money"
 ],
 "business_income": [
  "经营净收入（元/月）",
  "money"
 ],
 "pension_income": [
  "养老金（元/月）",
  "money"
 ],
 "basic_pension": [
  "其中城乡居民基础养老金（元/月）",
  "money"
 ],
 "other_income": [
  "其他财产性及转移性收入（元/月）",
  "money"
 ],
 "excluded_income": [
  "不计入的收入：优待抚恤金、计生奖励、奖学金、见义勇为奖励、政府救助（元/月）",
  "money"
 ],
 "deposits": [
  "存款及金融资产（元）",
  "money"
 ],
 "vehicle_value": [
  "机动车价值（元）",
  "money"
 ],
 "disability_grade": [
  "残疾等级（0为无）",
  "int"
 ],
 "disability_type": [
  "残疾类别",
  "enum"
 ],
 "serious_illness": [
  "患重特大疾病",
  "bool"
 ],
 "employment": [
  "就业状况",
  "enum"
 ],
 "schooling": [
  "在读学段",
  "enum"
 ],
 "selfcare_failed": [
  "生活自理能力未达标项数（6项）",
  "int"
 ],
 "medical_spending_12m": [
  "近12个月自付医疗费用（元）",
  "money"
 ],
 "schooling_spending_12m": [
  "近12个月教育支出（元）",
  "money"
 ],
 "orphan": [
  "孤儿",
  "bool"
 ],
 "de_facto_unsupported": [
  "事实无人抚养儿童",
  "bool"
 ],
 "in_institution": [
  "机构集中供养/养育",
  "bool"
 ],
 "has_supporter": [
  "有履行能力的法定赡养抚养扶养人",
  "bool"
 ],
 "death": [
  "死亡日期",
  "date"
 ],
 "emergency": [
  "遭遇急难事由",
  "enum"
 ],
 "emergency_loss": [
  "急难造成的损失或必需支出（元）",
  "money"
 ],
 "housing_count": [
  "自有住房套数",
  "int"
 ]
};

// A fact's value as read by people: money in 元, booleans as 是/否.
export function factText(variable, value) {
  const kind = VARS[variable]?.[1];
  if (kind === 'money' && /^-?\d+$/.test(value)) return `${(Number(value) / 100).toFixed(2)} 元`;
  if (kind === 'bool') return value === '1' || value === 'true' ? '是' : '否';
  return value;
}

export function factLabel(variable) {
  return VARS[variable]?.[0] ?? variable;
}

// The facts in force, as a table.
export function factsTable(facts) {
  return facts.length
    ? table([
      { label: '事项', value: (f) => factLabel(f.variable) },
      { label: '值', value: (f) => factText(f.variable, f.value) },
      { label: '生效日期', value: (f) => f.effective },
      { label: '来源', value: (f) => f.source },
    ], facts)
    : el('p', { className: 'note' }, '暂无记录。');
}
