/**
 * One raw record (cells keyed by contract id) → a typed, normalised row, or the reasons it
 * cannot be read. Shared by CSV, Parquet and form import.
 */
import { OUTLOOK_VALUES, MINHANG_TOWNS } from '../contract/columns';
import type { HeaderMatch } from '../contract/headers';
import { deriveReportId } from '../contract/reportId';
import { classifyIndicator } from '../domain/indicatorStatus';
import type { IndicatorRow, ProjectRow } from '../contract/rows';
import { RULES } from '../domain/rules';
import {
  isBlank,
  isBlankText,
  normaliseTown,
  parseBool,
  parseDate,
  parseEnum,
  parseMoney,
  parsePercent,
  parseName,
  parsePeriod,
  parseText,
  tickedText,
  type Parsed,
} from '../contract/values';

export { deriveReportId };

export interface CellIssue {
  column: string;
  reason: string;
}

export type RowResult<T> =
  { row: T; warnings: CellIssue[]; errors?: undefined } | { errors: CellIssue[]; warnings: CellIssue[]; row?: undefined };

/** Raw cells of a record, keyed by contract id, plus the header each came from. */
export interface RawRecord {
  cells: Record<string, unknown>;
  headers: Record<string, HeaderMatch>;
}

const KNOWN_TOWNS = new Set<string>(MINHANG_TOWNS);

/** The warning for a 街镇名称 that is not one of Minhang's (as written, trimmed). */
export const unknownTown = (raw: string) => `街镇名称「${raw}」不是闵行区的14个街镇之一`;

class Reader {
  errors: CellIssue[] = [];
  warnings: CellIssue[] = [];
  /** Forms: an optional amount that does not parse is left blank with a warning, not a rejection. */
  constructor(
    private rec: RawRecord,
    private lenientMoney = false,
  ) {}

  label(id: string, fallback: string): string {
    return this.rec.headers[id]?.header ?? fallback;
  }
  raw(id: string): unknown {
    return this.rec.cells[id];
  }
  has(id: string): boolean {
    return !isBlank(this.rec.cells[id]);
  }
  /** A required text written as a dash or a slash (项目名称「/」) is as blank as an empty cell. */
  text(id: string, label: string, required = false, parse: (raw: unknown) => string | null = parseText): string | null {
    const v = parse(this.raw(id));
    if (required && (v === null || isBlankText(v))) {
      this.errors.push({ column: this.label(id, label), reason: this.blank(id, label) });
      return null;
    }
    return v;
  }
  take<T>(id: string, label: string, p: Parsed<T>, required: boolean, fatal: boolean): T | null {
    if (p.error !== undefined) {
      (fatal ? this.errors : this.warnings).push({ column: this.label(id, label), reason: fatal ? p.error : `${p.error}；该项按空值处理` });
      return null;
    }
    if (p.value === null && required) {
      this.errors.push({ column: this.label(id, label), reason: this.blank(id, label) });
    }
    return p.value;
  }
  /** 必填项为空 — and what the cell holds when it is a dash or a slash written for blank (or for 0 in Excel's 会计格式). */
  private blank(id: string, label: string): string {
    const written = String(this.raw(id) ?? '').trim();
    if (written === '') return `必填项「${label}」为空`;
    const zero = this.rec.headers[id]?.def.type === 'money' ? '。若为 0 请填 0（Excel「会计专用」格式把 0 显示为「-」）' : '';
    return `必填项「${label}」为空：单元格为「${written}」，按空白处理${zero}`;
  }
  /** 阶段性跟踪结论, also when printed as options with boxes (the ticked one is kept). */
  conclusion(): string | null {
    const raw = this.text('stage_conclusion', '阶段性跟踪结论');
    if (raw === null) return null;
    const t = tickedText(raw);
    if (t.error !== undefined)
      this.warnings.push({ column: this.label('stage_conclusion', '阶段性跟踪结论'), reason: `${t.error}；该项按未填处理` });
    return t.value;
  }
  money(id: string, label: string, required = false): number | null {
    const h = this.rec.headers[id];
    return this.take(id, label, parseMoney(this.raw(id), h?.scale ?? 1), required, required || !this.lenientMoney);
  }
}

export interface Period {
  start: string;
  end: string;
}

/** 跟踪时段 from either the combined column or start + end; errors go to the reader. */
function readPeriod(r: Reader, required: boolean): Period | null {
  if (r.has('period')) {
    const p = r.take('period', '跟踪时段', parsePeriod(r.raw('period')), true, true);
    return p;
  }
  if (r.has('period_start') || r.has('period_end')) {
    const a = r.take('period_start', '跟踪时段开始', parseDate(r.raw('period_start')), true, true);
    const b = r.take('period_end', '跟踪时段结束', parseDate(r.raw('period_end')), true, true);
    if (a && b) {
      if (a > b) {
        r.errors.push({ column: r.label('period_start', '跟踪时段开始'), reason: `跟踪时段开始 ${a} 晚于结束 ${b}` });
        return null;
      }
      return { start: a, end: b };
    }
    return null;
  }
  if (required) r.errors.push({ column: '跟踪时段', reason: '缺少跟踪时段（需要「跟踪时段」或「跟踪时段开始」+「跟踪时段结束」）' });
  return null;
}

const MONEY_LABELS: [
  'budget_initial' | 'budget_executed' | 'budget_adjusted' | 'adjust_decrease' | 'adjust_increase' | 'pre_assessment_budget',
  string,
][] = [
  ['budget_initial', '当年预算数'],
  ['budget_executed', '预算执行数'],
  ['budget_adjusted', '调整后预算数'],
  ['adjust_decrease', '调减金额'],
  ['adjust_increase', '调增金额'],
  ['pre_assessment_budget', '事前绩效评估评审预算'],
];

export function normaliseProject(
  rec: RawRecord,
  file: string,
  sourceRow: number,
  opts: { lenientMoney?: boolean } = {},
): RowResult<ProjectRow> {
  const r = new Reader(rec, opts.lenientMoney ?? false);
  const townRaw = r.text('town', '街镇名称', true);
  const town = townRaw === null ? null : normaliseTown(townRaw);
  if (town !== null && !KNOWN_TOWNS.has(town)) {
    r.warnings.push({ column: r.label('town', '街镇名称'), reason: unknownTown(townRaw ?? '') });
  }
  const project = r.text('project_name', '项目名称', true, parseName);
  const unit = r.text('budget_unit', '预算单位', true, parseName);
  const period = readPeriod(r, true);
  const budgetInitial = r.money('budget_initial', '当年预算数', true);
  const executed = r.money('budget_executed', '预算执行数', true);
  const h = rec.headers.execution_rate_reported;
  const rate = r.take(
    'execution_rate_reported',
    '预算执行进度',
    parsePercent(r.raw('execution_rate_reported'), h?.ratio ?? false),
    false,
    false,
  );
  const adjusted = r.money('budget_adjusted', '调整后预算数');
  const row = {
    report_id: '',
    district: r.text('district', '区') ?? '闵行区',
    town: town ?? '',
    project_name: project ?? '',
    budget_unit: unit ?? '',
    implementing_unit: r.text('implementing_unit', '具体实施（内设机构）', false, parseName),
    period_start: period?.start ?? '',
    period_end: period?.end ?? '',
    is_recurring: r.take('is_recurring', '是否为经常性项目', parseBool(r.raw('is_recurring')), false, false),
    budget_initial: budgetInitial ?? 0,
    budget_executed: executed ?? 0,
    execution_rate_reported: rate,
    needs_adjustment: r.take('needs_adjustment', '是否需要预算调整', parseBool(r.raw('needs_adjustment')), false, false),
    budget_adjusted: adjusted,
    adjust_decrease: r.money('adjust_decrease', '调减金额'),
    adjust_increase: r.money('adjust_increase', '调增金额'),
    pre_assessment_budget: r.money('pre_assessment_budget', '事前绩效评估评审预算'),
    focus_reason: r.text('focus_reason', '选择重点跟踪理由'),
    stage_conclusion: r.conclusion(),
    budget_outlook: r.take('budget_outlook', '年度项目预算完成可能性', parseEnum(r.raw('budget_outlook'), OUTLOOK_VALUES), false, false),
    target_outlook: r.take('target_outlook', '年度绩效目标完成可能性', parseEnum(r.raw('target_outlook'), OUTLOOK_VALUES), false, false),
    problems: r.text('problems', '存在问题'),
    measures: r.text('measures', '改进措施'),
    background: r.text('background', '项目基本情况'),
    implementation: r.text('implementation', '项目具体实施情况'),
    remarks: r.text('remarks', '需要说明的情况'),
    report_date: r.take('report_date', '填报日期', parseDate(r.raw('report_date')), false, false),
    source_file: file,
    source_row: sourceRow,
  } satisfies ProjectRow;
  // No money column of the form can be negative (调减 is written as a positive 调减金额).
  for (const [id, label] of MONEY_LABELS) {
    const v = row[id];
    if (v !== null && v < 0)
      r.errors.push({ column: r.label(id, label), reason: `${label}为负数：${v}（金额不能为负，调减请填在「调减金额」中）` });
  }
  if (r.errors.length) return { errors: r.errors, warnings: r.warnings };
  row.report_id = r.text('report_id', '报告编号') ?? deriveReportId(row.town, row.project_name, row.period_start, row.period_end);
  const base = adjusted ?? budgetInitial ?? 0;
  // Spent beyond the budget (but not so far beyond that it looks like 元/万元, which importFile says).
  if (executed !== null && base > 0 && executed > base && executed <= base * 50) {
    r.warnings.push({
      column: r.label('budget_executed', '预算执行数'),
      reason: `预算执行数 ${executed} 元超过${adjusted !== null ? '调整后预算数' : '当年预算数'} ${base} 元（执行率 ${((executed / base) * 100).toFixed(1)}%），请核对`,
    });
  }
  if (rate !== null && base > 0) {
    const computed = (executed ?? 0) / base;
    if (Math.abs(computed - rate) > RULES.rateMismatchTolerance) {
      const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
      const baseName = adjusted !== null ? '调整后预算数' : '当年预算数';
      // Towns often divide by the budget before its adjustment: said, so the analyst knows which figure to correct.
      const byInitial =
        adjusted !== null &&
        budgetInitial !== null &&
        budgetInitial > 0 &&
        Math.abs((executed ?? 0) / budgetInitial - rate) <= RULES.rateMismatchTolerance
          ? `（与 执行数÷当年预算数 = ${pct((executed ?? 0) / budgetInitial)} 相符，可能按调整前的预算数计算）`
          : '';
      // A rate stored as a fraction (0.25 for 25 %) in a（%）column, as systems that export Parquet do.
      const asFraction =
        !byInitial && rate <= 1.5 && Math.abs(rate * 100 - computed) <= RULES.rateMismatchTolerance
          ? `（该列可能以小数填写：${Number((rate * 100).toPrecision(12))} 即 ${pct(rate * 100)}，与计算相符）`
          : '';
      r.warnings.push({
        column: r.label('execution_rate_reported', '预算执行进度'),
        reason: `填报的执行进度 ${pct(rate)} 与 执行数÷${baseName} = ${pct(computed)} 不一致${byInitial}${asFraction}`,
      });
    }
  }
  return { row, warnings: r.warnings };
}

const LEVEL1: [RegExp, string][] = [
  [/^投入(与|和|及)?管理/, '投入与管理'],
  [/^产出/, '产出目标'],
  [/^效(果|益)/, '效果目标'],
  [/^影响/, '影响力目标'],
  // The national framework's 一级 满意度指标 / 成本指标 are, on this form, 二级 under 影响力目标 / 产出目标
  // (服务对象满意度目标, 成本目标): put there, so one category is not counted under two names.
  [/^(服务对象)?满意度(指标|目标)?$/, '影响力目标'],
  [/^成本(指标|目标)?$/, '产出目标'],
];

export function normaliseLevel1(raw: string): string {
  const s = raw.replace(/\s+/g, '');
  for (const [re, name] of LEVEL1) if (re.test(s)) return name;
  return s;
}

/** `findReport` resolves 街镇名称 + 项目名称 + 跟踪时段 when 报告编号 is absent. */
export function normaliseIndicator(rec: RawRecord, file: string, sourceRow: number, seq: number): RowResult<IndicatorRow> {
  const r = new Reader(rec);
  let reportId = r.text('report_id', '报告编号');
  if (reportId === null) {
    const town = r.text('town', '街镇名称');
    const project = r.text('project_name', '项目名称', false, parseName);
    const period = readPeriod(r, false);
    if (town && project && period) reportId = deriveReportId(normaliseTown(town), project, period.start, period.end);
    else if (r.errors.length === 0) {
      r.errors.push({ column: '报告编号', reason: '缺少报告编号，且没有 街镇名称 + 项目名称 + 跟踪时段 可用来找到所属报告' });
    }
  }
  const level1 = r.text('level1', '一级目标', true);
  const level3 = r.text('level3', '三级目标', true);
  if (r.errors.length || reportId === null) return { errors: r.errors, warnings: r.warnings };
  const expected = r.text('expected_value', '应完成的绩效目标值');
  const actual = r.text('actual', '完成百分比或情况描述');
  const annual = r.text('annual_target', '年度绩效目标值');
  const st = classifyIndicator(expected, actual, annual);
  return {
    row: {
      report_id: reportId,
      seq,
      level1: normaliseLevel1(level1 ?? ''),
      level2: r.text('level2', '二级目标'),
      level3: level3 ?? '',
      annual_target: annual,
      expected_value: expected,
      actual,
      deviation: r.text('deviation', '偏差情况'),
      deviation_reason: r.text('deviation_reason', '偏差原因'),
      corrective_action: r.text('corrective_action', '纠偏措施'),
      status: st.status,
      status_reason: st.reason,
      source_file: file,
      source_row: sourceRow,
    },
    warnings: r.warnings,
  };
}
