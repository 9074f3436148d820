/**
 * The data contract (../shared/data-contract.md) as data: every column of the two export
 * tables, its English id, the form's Chinese label(s) and its type. Header matching, import
 * normalisation, the DuckDB schema and the CSV writers all read this one list.
 */
export type ColumnType = 'text' | 'money' | 'percent' | 'date' | 'bool' | 'enum';

export interface ColumnDef {
  id: string;
  /** The form's label as printed (first is canonical), without the unit in brackets. */
  labels: string[];
  type: ColumnType;
  required?: boolean;
  /** Unit printed on the form, used when writing Chinese headers. */
  unit?: '元' | '%';
}

/** 街镇名称 as summary sheets head it. */
const TOWN_LABELS = ['街镇名称', '街镇', '街道（镇）', '镇（街道）', '所属街镇'];

export const PROJECT_COLUMNS: ColumnDef[] = [
  { id: 'report_id', labels: ['报告编号'], type: 'text' },
  { id: 'district', labels: ['区'], type: 'text' },
  { id: 'town', labels: TOWN_LABELS, type: 'text', required: true },
  { id: 'project_name', labels: ['项目名称'], type: 'text', required: true },
  { id: 'budget_unit', labels: ['预算单位', '预算单位名称'], type: 'text', required: true },
  { id: 'implementing_unit', labels: ['具体实施（内设机构）', '具体实施'], type: 'text' },
  { id: 'period', labels: ['跟踪时段'], type: 'text' },
  { id: 'period_start', labels: ['跟踪时段开始'], type: 'date' },
  { id: 'period_end', labels: ['跟踪时段结束'], type: 'date' },
  { id: 'is_recurring', labels: ['是否为经常性项目'], type: 'bool' },
  {
    id: 'budget_initial',
    labels: ['当年预算数', '当年预算', '年初预算数', '年初预算', '年度预算数', '全年预算数', '预算数'],
    type: 'money',
    required: true,
    unit: '元',
  },
  {
    id: 'budget_executed',
    labels: ['预算执行数', '执行数', '实际支出数', '预算执行金额', '累计执行数', '已执行数', '已支出数', '支出数', '累计支出数'],
    type: 'money',
    required: true,
    unit: '元',
  },
  { id: 'execution_rate_reported', labels: ['预算执行进度', '预算执行率', '执行进度', '执行率'], type: 'percent', unit: '%' },
  { id: 'needs_adjustment', labels: ['是否需要预算调整'], type: 'bool' },
  { id: 'budget_adjusted', labels: ['调整后预算数', '调整后预算', '调整后预算金额'], type: 'money', unit: '元' },
  { id: 'adjust_decrease', labels: ['调减金额'], type: 'money', unit: '元' },
  { id: 'adjust_increase', labels: ['调增金额'], type: 'money', unit: '元' },
  { id: 'pre_assessment_budget', labels: ['事前绩效评估评审预算'], type: 'money', unit: '元' },
  { id: 'focus_reason', labels: ['选择重点跟踪理由'], type: 'text' },
  { id: 'stage_conclusion', labels: ['阶段性跟踪结论', '跟踪结论', '阶段性结论', '跟踪评价结论'], type: 'text' },
  { id: 'budget_outlook', labels: ['年度项目预算完成可能性', '预算完成可能性'], type: 'enum' },
  { id: 'target_outlook', labels: ['年度绩效目标完成可能性', '绩效目标完成可能性'], type: 'enum' },
  { id: 'problems', labels: ['存在问题', '存在的问题'], type: 'text' },
  { id: 'measures', labels: ['改进措施', '整改措施'], type: 'text' },
  { id: 'background', labels: ['项目基本情况'], type: 'text' },
  { id: 'implementation', labels: ['项目具体实施情况'], type: 'text' },
  { id: 'remarks', labels: ['需要说明的情况'], type: 'text' },
  { id: 'report_date', labels: ['填报日期'], type: 'date' },
];

export const INDICATOR_COLUMNS: ColumnDef[] = [
  { id: 'report_id', labels: ['报告编号'], type: 'text' },
  { id: 'town', labels: TOWN_LABELS, type: 'text' },
  { id: 'project_name', labels: ['项目名称'], type: 'text' },
  { id: 'period', labels: ['跟踪时段'], type: 'text' },
  { id: 'period_start', labels: ['跟踪时段开始'], type: 'date' },
  { id: 'period_end', labels: ['跟踪时段结束'], type: 'date' },
  { id: 'level1', labels: ['一级目标', '一级指标'], type: 'text', required: true },
  { id: 'level2', labels: ['二级目标', '二级指标'], type: 'text' },
  { id: 'level3', labels: ['三级目标', '三级指标'], type: 'text', required: true },
  { id: 'annual_target', labels: ['年度绩效目标值', '年度目标值', '年度指标值', '年度绩效指标值', '全年目标值', '指标值'], type: 'text' },
  { id: 'expected_value', labels: ['应完成的绩效目标值', '应完成的目标值', '应完成值', '阶段目标值', '阶段性目标值'], type: 'text' },
  { id: 'actual', labels: ['完成百分比或情况描述', '实际完成值', '实际完成情况', '完成值', '完成情况', '实际完成'], type: 'text' },
  { id: 'deviation', labels: ['偏差情况', '偏差情况（尽量用数值表示）', '偏差'], type: 'text' },
  { id: 'deviation_reason', labels: ['偏差原因', '偏差原因及纠偏措施', '偏差原因分析'], type: 'text' },
  { id: 'corrective_action', labels: ['纠偏措施'], type: 'text' },
];

export type TableKind = 'projects' | 'indicators';

export const TABLE_LABEL: Record<TableKind, string> = {
  projects: '项目表',
  indicators: '指标表',
};

export const OUTLOOK_VALUES = ['确定能完成', '有可能完成', '确定不能完成'] as const;
export type Outlook = (typeof OUTLOOK_VALUES)[number];

/** The 14 units of 闵行区, in the bureau's customary order. */
export const MINHANG_TOWNS = [
  '江川路街道',
  '古美街道',
  '新虹街道',
  '浦锦街道',
  '莘庄镇',
  '七宝镇',
  '颛桥镇',
  '华漕镇',
  '虹桥镇',
  '梅陇镇',
  '吴泾镇',
  '马桥镇',
  '浦江镇',
  '莘庄工业区',
] as const;

/** Towns in the bureau's customary order, then any others by pinyin. */
const ZH = new Intl.Collator('zh-CN');

export function townsInOrder(present: Iterable<string>): string[] {
  const set = new Set(present);
  const known = new Set<string>(MINHANG_TOWNS.filter((t) => set.has(t)));
  return [...known, ...[...set].filter((t) => !known.has(t)).sort(ZH.compare)];
}

export function columnsOf(kind: TableKind): ColumnDef[] {
  return kind === 'projects' ? PROJECT_COLUMNS : INDICATOR_COLUMNS;
}

/** Chinese header as a form-label CSV would print it, e.g. 当年预算数（元）. */
export function chineseHeader(c: ColumnDef): string {
  return c.unit ? `${c.labels[0]}（${c.unit}）` : c.labels[0];
}
