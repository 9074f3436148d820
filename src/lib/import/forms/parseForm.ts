/**
 * A filled-in form 「财政项目支出绩效运行监控（跟踪评价）（重点）」, as lines of cells (from its text
 * extraction or its .docx tables), → the contract's raw project cells and indicator rows, plus a
 * list of doubtful fields. Nothing is guessed: an ambiguous tick or an unreadable cell is left
 * blank and reported.
 */
import { mapHeaders } from '../../contract/headers';
import { OUTLOOK_VALUES, PROJECT_COLUMNS } from '../../contract/columns';
import { parseBool, parseEnum } from '../../contract/values';

export interface FormDoubt {
  field: string;
  reason: string;
}

export interface ParsedForm {
  /** Raw project cells keyed by contract id (values as printed on the form). */
  project: Record<string, string>;
  /** Scale of money fields whose label says 万元. */
  scales: Record<string, number>;
  indicators: Record<string, string>[];
  doubts: FormDoubt[];
}

export const FORM_TITLE = /财政项目支出绩效运行监控/;

/** Labels of the form's grid (label cell, value cell beside it). */
const GRID_IDS = new Set([
  'town',
  'project_name',
  'budget_unit',
  'implementing_unit',
  'period',
  'is_recurring',
  'budget_initial',
  'budget_executed',
  'execution_rate_reported',
  'needs_adjustment',
  'budget_adjusted',
  'adjust_decrease',
  'adjust_increase',
  'pre_assessment_budget',
  'budget_outlook',
  'target_outlook',
  'focus_reason',
  'report_date',
]);

const norm = (s: string) =>
  s
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');

function gridLabel(cell: string): { id: string; scale: number; inline: string | null } | null {
  const t = cell.trim();
  if (t === '') return null;
  const m = /^([^：:]{2,30}?)[：:](.*)$/s.exec(t);
  const label = norm(m ? m[1] : t);
  const hm = mapHeaders('projects', [label]).matched[0];
  if (!hm || !GRID_IDS.has(hm.def.id)) return null;
  return { id: hm.def.id, scale: hm.scale, inline: m ? m[2].trim() : null };
}

type Section = 'background' | 'implementation' | 'stage_conclusion' | 'problems_block' | 'indicators' | 'remarks' | 'end' | null;

/** A section's number as forms write it: 三、 / 三. / （三） / 3、 / 3. — or none at all. */
const NUM = '(?:[（(]?[一二三四五六七八九1-9][)）]?[、.．]?\\s*)?';

const SECTION_MARKERS: [RegExp, Section][] = [
  [new RegExp(`^${NUM}项目基本情况`), 'background'],
  [new RegExp(`^${NUM}项目(具体)?实施情况`), 'implementation'],
  [new RegExp(`^${NUM}阶段性?跟踪结论`), 'stage_conclusion'],
  // 「四、」 alone (its title varies); an Arabic 4 only with its title (「4、计划时间节点」 is a subsection).
  [/^(四[、.．]|[（(]四[)）])/, null],
  [new RegExp(`^${NUM}绩效跟踪后`), null],
  // 「五、存在问题…」 numbered, or unnumbered with its whole title (a bare 「存在问题」 is its first part).
  [/^(五[、.．]|[（(]五[)）])\s*存在/, 'problems_block'],
  [new RegExp(`^${NUM}存在(的)?问题(及|和|与)(改进|整改)措施`), 'problems_block'],
  [/^主要跟踪指标/, 'indicators'],
  [/^需要说明的情况/, 'remarks'],
  [/^(领导|绩效负责人|经办人)[（(]签字[)）]/, 'end'],
];

/** The indicator table's value columns, in the form's order. */
const VALUE_IDS = ['annual_target', 'expected_value', 'actual', 'deviation', 'deviation_reason', 'corrective_action'] as const;
/** The indicator table's group headers above its columns. */
const GROUP_HEADER = /^(跟踪时的)?(目标完成情况|纠偏情况)$/;

const LEVEL1 = /^(投入(与|和|及)管理|产出(目标|指标)|效[果益](目标|指标)|影响力?(目标|指标))$/;
const LEVEL2_PARENT: [RegExp, string][] = [
  [/^(项目立项|资金落实|业务管理|财务管理|预算执行|资金管理|组织实施|项目管理)/, '投入与管理'],
  [/^(数量|质量|时效|成本)(目标|指标)/, '产出目标'],
  [/^(社会效益|经济效益|生态效益|可持续|可持续影响)(目标|指标)?/, '效果目标'],
  [/^(服务对象满意度|满意度|长效管理|人力资源|档案管理|信息共享|公众满意度)(目标|指标)?/, '影响力目标'],
];

function parentOf(level2: string): string | null {
  for (const [re, p] of LEVEL2_PARENT) if (re.test(norm(level2))) return p;
  return null;
}

function isLevel2(label: string): boolean {
  return parentOf(label) !== null || /(目标|指标)$/.test(norm(label));
}

/**
 * Text of a section header after its title: 「三、阶段性跟踪结论：运行正常」 → 运行正常; a title in a cell of its
 * own with its text in the next cell (「存在问题⇥部分工程款未支付」) → the text.
 */
function afterTitle(line: string): string {
  const m = /^[^：:\t]*[：:\t](.*)$/s.exec(line);
  return m ? m[1].trim() : '';
}

/**
 * A cell that holds more than one 「标签：值」 (a header line 「街镇名称：…（盖章）　　填报日期：…」, a
 * signature line) → one cell per label, split where white space is followed by another grid label
 * and its colon. A cell with one label (or none) is left as it is.
 */
function splitLabels(cell: string): string[] {
  const starts = [0];
  for (const m of cell.matchAll(/[\s\u3000]+([^\s\u3000：:]{2,30}?)[：:]/g)) {
    if (m.index > 0 && gridLabel(`${m[1]}：`)) starts.push(m.index);
  }
  if (starts.length === 1) return [cell];
  return starts.map((s, i) => cell.slice(s, starts[i + 1]).trim());
}

export function parseFormLines(lines: string[][]): ParsedForm {
  const project: Record<string, string> = {};
  const scales: Record<string, number> = {};
  const doubts: FormDoubt[] = [];
  const indicators: Record<string, string>[] = [];
  const sections: Record<string, string[]> = { background: [], implementation: [], stage_conclusion: [], problems_block: [], remarks: [] };
  let section: Section = null;
  /** Lines outside every section and grid label: said, never dropped in silence. */
  const unread: string[] = [];
  let valueCol = 3;
  let expectedCol = 4;
  /** The indicator table's value columns as its header rows name them (column index by contract id). */
  let headerCols: Partial<Record<string, number>> = {};
  /** Header cells of the indicator table that name no column of the contract: their column is not read. */
  const unknownCols: string[] = [];
  let l1 = '';
  let l2 = '';

  const setField = (id: string, value: string, scale = 1) => {
    if (value === '') return;
    if (project[id] !== undefined && project[id] !== value) {
      const label = PROJECT_COLUMNS.find((c) => c.id === id)?.labels[0] ?? id;
      doubts.push({ field: label, reason: `表中出现两次且不一致：「${project[id]}」与「${value}」，已取第一次` });
      return;
    }
    project[id] = value;
    if (scale !== 1) scales[id] = scale;
  };

  for (const raw of lines) {
    const cells = raw.flatMap((c) => splitLabels(c.replace(/\r/g, '')));
    const first = (cells.find((c) => c.trim() !== '') ?? '').trim();
    const marker = SECTION_MARKERS.find(([re]) => re.test(first));
    if (marker) {
      section = marker[1];
      // The title's own text, or (a title cell beside its value cell) the row's other cells.
      const others = cells.slice(cells.findIndex((c) => c.trim() !== '') + 1).filter((c) => c.trim() !== '');
      const rest = afterTitle(others.length > 0 && marker[1] !== null ? [first, ...others].join('\t') : first);
      if (section && section in sections && rest) sections[section].push(...rest.split('\n'));
      // 「四、…」 carries the outlook grid on the same line: read it below. Other titles end here.
      if (marker[1] !== null) continue;
    }
    const filled = cells.filter((c) => c.trim() !== '');
    // 「填报日期：…」 after the indicator table is the form's field, not an indicator.
    const fieldLine = filled.length === 1 && (gridLabel(filled[0])?.inline ?? '') !== '';
    if (section === 'indicators' && !fieldLine) {
      const joined = cells.map(norm);
      const head1 = joined.includes('一级目标') || joined.includes('一级指标');
      if (head1 || joined.some((c) => c.startsWith('应完成'))) {
        if (head1) {
          valueCol = Math.max(
            3,
            joined.findIndex((c) => /^年度(绩效)?目标值/.test(c)),
          );
          headerCols = {};
        }
        const e = joined.findIndex((c) => c.startsWith('应完成'));
        if (e >= 0) expectedCol = e;
        const m = mapHeaders('indicators', joined);
        for (const x of m.matched) if ((VALUE_IDS as readonly string[]).includes(x.def.id)) headerCols[x.def.id] = x.index;
        for (const u of m.unknown) if (!GROUP_HEADER.test(u) && !unknownCols.includes(u)) unknownCols.push(u);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      const labels = cells.slice(0, valueCol).map((c) => c.trim());
      const named = labels.filter((c) => c !== '');
      if (named.length === 0) continue;
      const level3 = named[named.length - 1];
      // A 一级目标 written in the row itself is the form's word; one carried from a row above (or
      // lost to a merged cell) is inferred from the 二级目标 where that names its parent.
      let ownL1 = false;
      for (const lab of named.slice(0, -1)) {
        if (LEVEL1.test(norm(lab))) {
          l1 = lab;
          l2 = '';
          ownL1 = true;
        } else if (isLevel2(lab)) {
          l2 = lab;
          const p = parentOf(lab);
          if (p && !ownL1) l1 = p;
        } else l2 = lab;
      }
      if (named.length === 1 && labels[0] !== '' && isLevel2(labels[0])) {
        doubts.push({ field: `指标「${labels[0]}」`, reason: '这一行只有二级目标、没有三级目标名称，未作为指标读取' });
        continue;
      }
      // Columns by the names the header gives them; by position (the form's own layout) when it names none.
      const byName = ['expected_value', 'actual', 'deviation'].some((id) => headerCols[id] !== undefined);
      const v = (id: (typeof VALUE_IDS)[number], at: number) => {
        const i = byName ? headerCols[id] : at;
        return i === undefined ? '' : (cells[i] ?? '').trim();
      };
      indicators.push({
        level1: l1,
        level2: l2,
        level3,
        annual_target: v('annual_target', valueCol),
        expected_value: v('expected_value', expectedCol),
        actual: v('actual', expectedCol + 1),
        deviation: v('deviation', expectedCol + 2),
        deviation_reason: v('deviation_reason', expectedCol + 3),
        corrective_action: v('corrective_action', expectedCol + 4),
      });
      continue;
    }
    // Grid labels (label cell, then its value cells): outside the narrative, or in any table row.
    const narrative = section !== null && section in sections;
    const tableRow = cells.filter((c) => c.trim() !== '').length > 1;
    let consumed = false;
    for (let i = 0; i < cells.length && (!narrative || tableRow || section === 'remarks'); i++) {
      const g = gridLabel(cells[i]);
      if (!g) continue;
      consumed = true;
      if (g.inline !== null && g.inline !== '') {
        setField(g.id, g.inline, g.scale);
        continue;
      }
      const values: string[] = [];
      let j = i + 1;
      for (; j < cells.length && !gridLabel(cells[j]); j++) values.push(cells[j].trim());
      const tickField = ['is_recurring', 'needs_adjustment', 'budget_outlook', 'target_outlook'].includes(g.id);
      setField(g.id, tickField ? values.filter(Boolean).join(' ') : (values.find((x) => x !== '') ?? ''), g.scale);
      i = j - 1;
    }
    if (consumed) continue;
    const line = cells
      .map((c) => c.trim())
      .filter(Boolean)
      .join('\t');
    // A cell of several paragraphs (a whole section typed into one table cell) gives its lines.
    if (narrative && line !== '') sections[section as string].push(...line.split('\n'));
    else if (line !== '' && section === null && !marker && !FORM_TITLE.test(line)) unread.push(line);
  }
  if (unknownCols.length > 0) {
    doubts.push({ field: '主要跟踪指标', reason: `表头${unknownCols.map((u) => `「${u}」`).join('')}不是表单中的列，该列的内容未读入` });
  }
  if (unread.length > 0) {
    const shown = unread.slice(0, 3).map((l) => `「${l.replace(/\s+/g, ' ').slice(0, 40)}」`);
    doubts.push({
      field: '表中其他文字',
      reason: `${unread.length} 行文字不在表单的任何一栏下、未读入：${shown.join('')}${unread.length > 3 ? ' 等' : ''}`,
    });
  }

  const text = (xs: string[]) =>
    xs
      .filter((x) => x.trim() !== '')
      .join('\n')
      .trim();
  for (const id of ['background', 'implementation', 'stage_conclusion', 'remarks'] as const) {
    const t = text(sections[id]);
    if (t) project[id] = t;
  }
  // 五、存在问题及改进措施: 「1、存在问题」 … 「2、改进措施」 …
  const block = sections.problems_block;
  const sub = (word: string) => new RegExp(`^([（(]?[一二三四1-9][)）]?[、.．]?\\s*)?${word}`);
  const pIdx = block.findIndex((l) => sub('存在(的)?问题').test(l));
  const mIdx = block.findIndex((l) => sub('(改进|整改)措施').test(l));
  if (pIdx >= 0 || mIdx >= 0) {
    const problems = pIdx >= 0 ? text([afterTitle(block[pIdx]), ...block.slice(pIdx + 1, mIdx > pIdx ? mIdx : undefined)]) : '';
    const measures = mIdx >= 0 ? text([afterTitle(block[mIdx]), ...block.slice(mIdx + 1, pIdx > mIdx ? pIdx : undefined)]) : '';
    if (problems) project.problems = problems;
    if (measures) project.measures = measures;
  } else if (text(block)) {
    project.problems = text(block);
    doubts.push({ field: '存在问题/改进措施', reason: '未找到「1、存在问题」「2、改进措施」小标题，全文记入存在问题' });
  }

  // Tick fields: an ambiguous tick is reported and left blank, never guessed.
  const ticks: [string, string, (v: string) => { error?: string }][] = [
    ['is_recurring', '是否为经常性项目', (v) => parseBool(v)],
    ['needs_adjustment', '是否需要预算调整', (v) => parseBool(v)],
    ['budget_outlook', '年度项目预算完成可能性', (v) => parseEnum(v, OUTLOOK_VALUES)],
    ['target_outlook', '年度绩效目标完成可能性', (v) => parseEnum(v, OUTLOOK_VALUES)],
  ];
  for (const [id, label, parse] of ticks) {
    if (project[id] === undefined) continue;
    const r = parse(project[id]);
    if (r.error !== undefined) {
      doubts.push({ field: label, reason: `${r.error}；该项留空` });
      delete project[id];
    }
  }
  for (const [id, label] of [
    ['project_name', '项目名称'],
    ['town', '街镇名称'],
    ['period', '跟踪时段'],
    ['budget_initial', '当年预算数'],
    ['budget_executed', '预算执行数'],
  ]) {
    if (project[id] === undefined) doubts.push({ field: label, reason: '表中没有找到或为空' });
  }
  if (project.stage_conclusion === undefined) doubts.push({ field: '阶段性跟踪结论', reason: '未填写' });
  return { project, scales, indicators, doubts };
}

/**
 * A document that holds several forms (a town's key projects in one Word file, one after another) →
 * one list of lines per form: a new form starts at each line with the form's title, once the lines
 * before it have named a project (a title printed twice above one form starts nothing). Where a form
 * was pasted without its title, a second 项目名称 starts the next form, which takes along the lines
 * just above it that head a form (街镇名称, a blank line).
 */
export function splitForms(lines: string[][]): string[][][] {
  const forms: string[][][] = [[]];
  let named = false;
  for (const cells of lines) {
    const names = cells.some((c) => gridLabel(c)?.id === 'project_name');
    const current = forms[forms.length - 1];
    if (named && cells.some((c) => FORM_TITLE.test(c) && c.trim().length <= 40)) {
      forms.push([]);
      named = false;
    } else if (named && names) {
      let k = current.length;
      while (k > 0 && headsForm(current[k - 1])) k--;
      forms.push(current.splice(k));
    }
    forms[forms.length - 1].push(cells);
    if (names) named = true;
  }
  return forms;
}

/** A line that comes above a form's 项目名称: blank, or the town's name (街镇名称：…（盖章）). */
function headsForm(cells: string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length === 0 || gridLabel(filled[0])?.id === 'town';
}

/** Tab-separated text of a form (any line ending, with or without BOM) → lines of cells. */
export function textLines(text: string): string[][] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.split('\t'));
}
