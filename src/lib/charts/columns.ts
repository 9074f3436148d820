/**
 * The columns of the lists that appear both on screen and in the appendix workbook: one definition,
 * so the 导出 Excel of a table, the appendix sheet and the screen show the same columns.
 */
import type { Column } from './table';
import type { DeviationRow } from '../queries/indicatorCompletion';
import type { RecurringRow, SentenceRow } from '../queries/problems';
import type { ConsistencyFindingRow } from '../queries/consistency';
import type { RiskRow } from '../queries/riskList';
import { STATUS_LABEL, type IndicatorStatus } from '../domain/indicatorStatus';
import { categoryLabel } from '../domain/problemTaxonomy';
import { LEVEL_LABEL } from '../domain/warnings';

export const DEVIATION_COLUMNS: Column<DeviationRow>[] = [
  { key: 'town', label: '街镇' },
  { key: 'project_name', label: '项目名称' },
  { key: 'budget_year', label: '年度', format: (r) => `${r.budget_year} ${r.round_label}` },
  { key: 'level3', label: '指标', format: (r) => `${r.level2 ?? ''} / ${r.level3}` },
  { key: 'expected_value', label: '应完成' },
  { key: 'actual', label: '完成情况' },
  { key: 'status', label: '判定', format: (r) => STATUS_LABEL[r.status as IndicatorStatus] ?? r.status },
  { key: 'deviation_reason', label: '偏差原因' },
  { key: 'corrective_action', label: '纠偏措施' },
];

export const SENTENCE_COLUMNS: Column<SentenceRow>[] = [
  { key: 'category', label: '分类', format: (r) => categoryLabel(r.category) },
  { key: 'town', label: '街镇' },
  { key: 'project_name', label: '项目名称' },
  { key: 'budget_year', label: '年度', format: (r) => `${r.budget_year} ${r.round_label}` },
  { key: 'sentence', label: '原文', width: '45%' },
];

export const RECURRING_COLUMNS: Column<RecurringRow>[] = [
  { key: 'town', label: '街镇' },
  { key: 'project_name', label: '项目名称' },
  { key: 'category', label: '问题分类', format: (r) => categoryLabel(r.category) },
  { key: 'first_year', label: '上年问题', format: (r) => `${r.first_year}年：${r.earlier_sentence}` },
  { key: 'promised_measures', label: '上年承诺的改进措施' },
  { key: 'later_year', label: '本年再次出现', format: (r) => `${r.later_year}年：${r.later_sentence}` },
];

export const CONSISTENCY_COLUMNS: Column<ConsistencyFindingRow>[] = [
  { key: 'town', label: '街镇' },
  { key: 'project_name', label: '项目名称' },
  { key: 'budget_year', label: '年度', format: (r) => `${r.budget_year} ${r.round_label}` },
  { key: 'n_findings', label: '问题数', kind: 'int' },
  { key: 'findings', label: '填报前后矛盾之处', width: '50%' },
];

export const RISK_COLUMNS: Column<RiskRow>[] = [
  { key: 'level', label: '等级', format: (r) => LEVEL_LABEL[r.level] },
  { key: 'town', label: '街镇' },
  { key: 'project_name', label: '项目名称', width: '18%' },
  { key: 'budget_year', label: '年度', kind: 'int', format: (r) => `${r.budget_year} ${r.round_label}` },
  { key: 'budget_base', label: '调整后预算', kind: 'wan' },
  { key: 'exec_rate', label: '执行率', kind: 'pct' },
  { key: 'time_progress', label: '时间进度', kind: 'pct' },
  { key: 'conclusion_class', label: '跟踪结论', format: (r) => r.conclusion_class + (r.conclusion_contradicts ? '（与数据矛盾）' : '') },
  { key: 'risk_reasons', label: '预警原因', width: '32%' },
];
