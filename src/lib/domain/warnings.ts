/**
 * Graded warnings: 红灯 (serious), 黄灯 (watch), 绿灯 (none), from rules held as data. The user may
 * change the thresholds and switches (the 预警规则 panel, a link, a JSON file); the SQL is one table
 * macro, `graded(…)` (db/views/warnings.ts), whose parameters are the rules, bound by every query that
 * reads warnings under other rules than the default (gradedFrom, queries/filters.ts). What each rule means, in words, and why: docs/domain-rules.md.
 */
import { sqlNumber, sqlText } from './sqlText';

export interface WarningRules {
  /** 红灯 when 执行率 trails 时间进度 by at least this many percentage points… */
  redLagPoints: number;
  /** …on a project whose 调整后预算 (else 当年预算) is at least this many 万元. */
  redFloorWan: number;
  /** 黄灯 when 执行率 trails 时间进度 by at least this many points (any size of project). */
  yellowLagPoints: number;
  /** 红灯 when a round ending in month `redExecMonth` or later has 执行率 below this % (null: off), whatever the money. */
  redExecBelowPct: number | null;
  redExecMonth: number;
  /** 红灯 when either judgment says 确定不能完成 (on a project of at least the floor; below it 黄灯). */
  redCannot: boolean;
  /** 红灯 when the stage conclusion is 严重偏差 (on a project of at least the floor; below it 黄灯). */
  redSevere: boolean;
  /** 黄灯 when the stage conclusion is 轻度偏差. */
  yellowMild: boolean;
  /** 黄灯 when an indicator is 未完成. */
  yellowIndicator: boolean;
  /** 黄灯 when either judgment says 有可能完成. */
  yellowMaybe: boolean;
}

export const DEFAULT_RULES: WarningRules = {
  redLagPoints: 20,
  redFloorWan: 200,
  yellowLagPoints: 10,
  redExecBelowPct: null,
  redExecMonth: 8,
  redCannot: true,
  redSevere: true,
  yellowMild: true,
  yellowIndicator: true,
  yellowMaybe: true,
};

export interface RulePreset {
  id: string;
  label: string;
  rules: WarningRules;
}

export const PRESETS: RulePreset[] = [
  { id: 'default', label: '默认规则', rules: DEFAULT_RULES },
  { id: 'aug60', label: '从严：8月底执行率低于60%即红灯', rules: { ...DEFAULT_RULES, redExecBelowPct: 60, redExecMonth: 8 } },
];

export type Level = 'red' | 'yellow' | 'green';
export const LEVEL_LABEL: Record<Level, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };

/** The macro's parameters, in order: names as the SQL uses them, and how each is read from the rules. */
export const RULE_PARAMS: { name: string; of: (r: WarningRules) => number | boolean | null }[] = [
  { name: 'p_red_lag', of: (r) => r.redLagPoints },
  { name: 'p_red_floor', of: (r) => r.redFloorWan * 10000 },
  { name: 'p_yellow_lag', of: (r) => r.yellowLagPoints },
  { name: 'p_exec_below', of: (r) => r.redExecBelowPct },
  { name: 'p_exec_month', of: (r) => r.redExecMonth },
  { name: 'p_cannot', of: (r) => r.redCannot },
  { name: 'p_severe', of: (r) => r.redSevere },
  { name: 'p_mild', of: (r) => r.yellowMild },
  { name: 'p_indicator', of: (r) => r.yellowIndicator },
  { name: 'p_maybe', of: (r) => r.yellowMaybe },
];

export interface GradedRule {
  level: 'red' | 'yellow';
  /** Heading in the reasons chart. */
  heading: string;
  /** SQL predicate over report facts and the macro's parameters. */
  when: string;
  /** SQL text: the reason as read in 预警原因. */
  reason: string;
}

/** Points behind time progress, rounded so that exactly 20.0 points is 20 (not 19.999…). */
const BEHIND = 'round((time_progress - exec_rate) * 100, 6)';
const pct = (e: string) => `printf('%.1f', ${e} * 100)`;
const BIG = 'budget_base >= p_red_floor';
const WAN = `printf('%.2f', budget_base / 10000) || ' 万元'`;

/**
 * A 红灯 rule, money-weighted: on a project of at least the floor it is 红灯; below the floor the same
 * finding is a 黄灯 ("小额项目"), so a 3 万元 project is never a 红灯 beside a 5,000 万元 one — but is
 * not lost either. `floor: false`: the rule is 红灯 whatever the money (the 8月底 60 % preset).
 */
interface RedRule {
  heading: string;
  when: string;
  reason: string;
  floor: boolean;
  /** The finding below the floor is already said by a 黄灯 rule (lagging): no small-project twin. */
  noTwin?: boolean;
}

const RED_RULES: RedRule[] = [
  {
    heading: '执行严重滞后',
    when: `exec_rate IS NOT NULL AND ${BEHIND} >= p_red_lag`,
    reason: `'执行率 ' || ${pct('exec_rate')} || '% 落后时间进度 ' || printf('%.1f', ${BEHIND}) || ' 个百分点（预算 ' || ${WAN} || '）'`,
    floor: true,
    noTwin: true,
  },
  {
    heading: '确定不能完成',
    when: `p_cannot AND (budget_outlook = '确定不能完成' OR target_outlook = '确定不能完成')`,
    reason: `concat_ws('、', CASE WHEN budget_outlook = '确定不能完成' THEN '预算' END, CASE WHEN target_outlook = '确定不能完成' THEN '绩效目标' END) || '确定不能完成'`,
    floor: true,
  },
  { heading: '阶段性结论为严重偏差', when: `p_severe AND conclusion_class = '严重偏差'`, reason: `'阶段性结论为严重偏差'`, floor: true },
  {
    heading: '执行率低于规定比例',
    when: `p_exec_below IS NOT NULL AND exec_rate IS NOT NULL AND month(period_end) >= p_exec_month AND exec_rate * 100 < p_exec_below`,
    reason: `CAST(month(period_end) AS VARCHAR) || '月底执行率 ' || ${pct('exec_rate')} || '% 低于 ' || CAST(p_exec_below AS VARCHAR) || '%'`,
    floor: false,
  },
];

export const GRADED_RULES: GradedRule[] = [
  ...RED_RULES.map((r) => ({
    level: 'red' as const,
    heading: r.heading,
    when: r.floor ? `${r.when} AND ${BIG}` : r.when,
    reason: r.reason,
  })),
  ...RED_RULES.filter((r) => r.floor && !r.noTwin).map((r) => ({
    level: 'yellow' as const,
    heading: `${r.heading}（小额项目）`,
    when: `${r.when} AND NOT ${BIG}`,
    reason: `${r.reason} || '（预算 ' || ${WAN} || '，低于红灯金额线）'`,
  })),
  {
    level: 'yellow',
    heading: '执行率落后时间进度',
    // Not said twice: a project already red for lagging is not also yellow for it.
    when: `exec_rate IS NOT NULL AND ${BEHIND} >= p_yellow_lag AND NOT (${BEHIND} >= p_red_lag AND ${BIG})`,
    reason: `'执行率 ' || ${pct('exec_rate')} || '% 落后时间进度 ' || printf('%.1f', ${BEHIND}) || ' 个百分点'`,
  },
  { level: 'yellow', heading: '阶段性结论为轻度偏差', when: `p_mild AND conclusion_class = '轻度偏差'`, reason: `'阶段性结论为轻度偏差'` },
  {
    level: 'yellow',
    heading: '有指标未完成',
    when: `p_indicator AND n_not_met > 0`,
    reason: `CAST(n_not_met AS VARCHAR) || ' 项指标未完成'`,
  },
  {
    level: 'yellow',
    heading: '完成可能性存疑',
    when: `p_maybe AND (budget_outlook = '有可能完成' OR target_outlook = '有可能完成')`,
    reason: `concat_ws('、', CASE WHEN budget_outlook = '有可能完成' THEN '预算' END, CASE WHEN target_outlook = '有可能完成' THEN '绩效目标' END) || '有可能完成'`,
  },
];

const any = (level: 'red' | 'yellow') =>
  GRADED_RULES.filter((r) => r.level === level)
    .map((r) => `coalesce(${r.when}, false)`)
    .join(' OR ');

/** SQL select list: `level` (red / yellow / green) and `at_risk` (红 or 黄) under the macro's parameters. */
export function levelColumnsSql(): string {
  return `CASE WHEN ${any('red')} THEN 'red' WHEN ${any('yellow')} THEN 'yellow' ELSE 'green' END AS level,
  coalesce(${any('red')} OR ${any('yellow')}, false) AS at_risk`;
}

/**
 * SQL select list: `risk_reasons` (红：… / 黄：…) and the `warning_headings` that hold. The reasons are
 * text built per report (~6 ms over a district year in the engine, even for a query that does not
 * read them): built once by the refresh under the default rules (stored in report_facts), and under other
 * rules only for the queries that show them (graded_reasons(…), db/views/warnings.ts).
 */
export function reasonColumnsSql(): string {
  const tag = (r: GradedRule) => (r.level === 'red' ? '红：' : '黄：');
  const why = GRADED_RULES.map((r) => `CASE WHEN coalesce(${r.when}, false) THEN ${sqlText(tag(r))} || ${r.reason} END`);
  const headings = GRADED_RULES.map(
    (r) => `CASE WHEN coalesce(${r.when}, false) THEN ${sqlText(`${LEVEL_LABEL[r.level]}：${r.heading}`)} END`,
  );
  return `concat_ws('；', ${why.join(', ')}) AS risk_reasons,
  list_filter([${headings.join(', ')}], x -> x IS NOT NULL) AS warning_headings`;
}

/**
 * `level` and `at_risk` (and with `reasons`, the reasons' columns) under fixed rules, their values
 * written in as constants: report_facts stores them under the default rules (db/views/warnings.ts), so
 * a query under those rules does not grade (grading costs a district year ~10 ms per query in the
 * engine, the reasons in words as much again).
 */
export function gradedColumnsWith(r: WarningRules, reasons = false): string {
  const values = new Map(RULE_PARAMS.map((p) => [p.name, sqlConstant(p.of(r))]));
  const sql = reasons ? `${levelColumnsSql()},\n  ${reasonColumnsSql()}` : levelColumnsSql();
  return sql.replace(/\bp_[a-z_]+\b/g, (name) => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`unknown rule parameter ${name}`);
    return v;
  });
}

function sqlConstant(v: number | boolean | null): string {
  return v === null ? 'NULL' : typeof v === 'boolean' ? String(v) : sqlNumber(v);
}

export function rulesParams(r: WarningRules): (number | boolean | null)[] {
  return RULE_PARAMS.map((p) => p.of(r));
}

export function sameRules(a: WarningRules, b: WarningRules): boolean {
  return (Object.keys(DEFAULT_RULES) as (keyof WarningRules)[]).every((k) => a[k] === b[k]);
}

/** The rules in words, for the screen, the captions and the meeting pack. */
export function describeRules(r: WarningRules): string {
  const big = [
    `执行率落后时间进度 ≥ ${r.redLagPoints} 个百分点`,
    ...(r.redCannot ? ['任一完成可能性为确定不能完成'] : []),
    ...(r.redSevere ? ['严重偏差'] : []),
  ];
  const red = [
    `预算 ≥ ${r.redFloorWan} 万元的项目${big.join('、或')}`,
    ...(r.redExecBelowPct !== null ? [`${r.redExecMonth}月及以后执行率低于 ${r.redExecBelowPct}%`] : []),
  ];
  const yellow = [
    `落后时间进度 ≥ ${r.yellowLagPoints} 个百分点`,
    ...(r.redCannot || r.redSevere ? ['小额项目有上述红灯情形'] : []),
    ...(r.yellowMild ? ['轻度偏差'] : []),
    ...(r.yellowIndicator ? ['有指标未完成'] : []),
    ...(r.yellowMaybe ? ['任一完成可能性为有可能完成'] : []),
  ];
  return `红灯：${red.join('，或')}；黄灯：${yellow.join('，或')}`;
}

/** Short name for captions: the preset's label, or 自定义 with the rules in words. */
export function rulesCaption(r: WarningRules): string {
  const preset = PRESETS.find((p) => sameRules(p.rules, r));
  return preset ? `预警规则：${preset.label}` : `预警规则：自定义（${describeRules(r)}）`;
}

/**
 * The rules in a link: only what differs from the default, as key:value pairs joined by "," —
 * `red:25,floor:300,exec:60`. Switches are 1/0. An empty string is the default.
 */
const URL_KEYS: { key: string; field: keyof WarningRules; kind: 'num' | 'numOrOff' | 'bool'; min: number; max: number }[] = [
  { key: 'red', field: 'redLagPoints', kind: 'num', min: 0, max: 100 },
  { key: 'floor', field: 'redFloorWan', kind: 'num', min: 0, max: 1_000_000 },
  { key: 'yellow', field: 'yellowLagPoints', kind: 'num', min: 0, max: 100 },
  { key: 'exec', field: 'redExecBelowPct', kind: 'numOrOff', min: 0, max: 100 },
  { key: 'month', field: 'redExecMonth', kind: 'num', min: 1, max: 12 },
  { key: 'cannot', field: 'redCannot', kind: 'bool', min: 0, max: 1 },
  { key: 'severe', field: 'redSevere', kind: 'bool', min: 0, max: 1 },
  { key: 'mild', field: 'yellowMild', kind: 'bool', min: 0, max: 1 },
  { key: 'ind', field: 'yellowIndicator', kind: 'bool', min: 0, max: 1 },
  { key: 'maybe', field: 'yellowMaybe', kind: 'bool', min: 0, max: 1 },
];

export function encodeRules(r: WarningRules): string {
  return URL_KEYS.filter((k) => r[k.field] !== DEFAULT_RULES[k.field])
    .map((k) => {
      const v = r[k.field];
      return `${k.key}:${v === null ? 'off' : typeof v === 'boolean' ? (v ? 1 : 0) : v}`;
    })
    .join(',');
}

export interface DecodedRules {
  rules: WarningRules;
  /** Parts that could not be read (ignored, said in a notice). */
  bad: string[];
}

function setField(rules: WarningRules, k: (typeof URL_KEYS)[number], raw: unknown): boolean {
  const out = rules as unknown as Record<string, unknown>;
  if (k.kind === 'bool') {
    const v = raw === true || raw === 1 || raw === '1' ? true : raw === false || raw === 0 || raw === '0' ? false : null;
    if (v === null) return false;
    out[k.field] = v;
    return true;
  }
  if (k.kind === 'numOrOff' && (raw === null || raw === 'off')) {
    out[k.field] = null;
    return true;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < k.min || n > k.max) return false;
  out[k.field] = n;
  return true;
}

export function decodeRules(text: string | null): DecodedRules {
  const rules = { ...DEFAULT_RULES };
  const bad: string[] = [];
  for (const part of (text ?? '').split(',').filter((p) => p.trim() !== '')) {
    const [key, value] = part.split(':');
    const k = URL_KEYS.find((x) => x.key === key?.trim());
    if (!k || !setField(rules, k, value?.trim())) bad.push(part);
  }
  return { rules, bad };
}

/** A saved rules file (JSON: the WarningRules fields). Unknown or out-of-range fields are refused by name. */
export function rulesFromJson(text: string): DecodedRules {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { rules: { ...DEFAULT_RULES }, bad: ['文件不是 JSON'] };
  }
  const rules = { ...DEFAULT_RULES };
  const bad: string[] = [];
  if (typeof data !== 'object' || data === null) return { rules, bad: ['文件内容不是预警规则对象'] };
  for (const [field, value] of Object.entries(data as Record<string, unknown>)) {
    const k = URL_KEYS.find((x) => x.field === field);
    if (!k || !setField(rules, k, value)) bad.push(`${field}: ${JSON.stringify(value)}`);
  }
  return { rules, bad };
}

export function rulesToJson(r: WarningRules): string {
  return JSON.stringify(r, null, 2) + '\n';
}
