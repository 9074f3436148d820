import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { formDocx } from '../fixtures/forms/formDocx';
import { importFile } from '../../src/lib/import/importFile';
import { importInput } from '../../src/lib/import/importInput';
import { docxLines } from '../../src/lib/import/forms/docx';
import { kindText } from '../../src/lib/import/report';
import { repoRoot } from '../../src/lib/engine/node';
import { SEED_INDICATORS, SEED_PROJECT } from '../../scripts/sample/seed';
import { FIXTURES, engineWith, withoutSource } from './helpers';

const SEED_TEXT = fs.readFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), 'utf8');
const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const docxLinesOf = (file: string) => docxLines(new Uint8Array(fs.readFileSync(file)));
const read = (text: string, name = 'form.txt') => importFile(name, enc(text));
const CHECKED = '<input checked="" type="checkbox"/>';
const BOX = '<input type="checkbox"/>';
const outlookLine = (label: string, ticks: [boolean, boolean, boolean]) =>
  `${label}\t确定能完成 ${ticks[0] ? CHECKED : BOX}\t有可能完成 ${ticks[1] ? CHECKED : BOX}\t确定不能完成 ${ticks[2] ? CHECKED : BOX}`;
const SEED_BUDGET_LINE = `\t年度项目预算完成可能性\t确定能完成 ${CHECKED}\t有可能完成 ${BOX}\t确定不能完成 ${BOX}`;

describe('the seed form, read field by field', () => {
  it('fills every field of the contract that the form holds', async () => {
    const r = await read(SEED_TEXT, 'minhang-huacao-2024-tracking-form.txt');
    expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 17, rowsLoaded: 17, rowsRejected: 0 });
    expect(r.report.warnings).toEqual([]);
    const p = r.projects[0];
    const s = SEED_PROJECT;
    expect(p).toMatchObject({
      district: '闵行区',
      town: '华漕镇',
      project_name: s.project_name,
      budget_unit: s.budget_unit,
      implementing_unit: s.implementing_unit,
      period_start: '2024-01-01',
      period_end: '2024-08-31',
      is_recurring: true,
      budget_initial: 36453.4,
      budget_executed: 36453.4,
      execution_rate_reported: 1,
      needs_adjustment: false,
      budget_adjusted: 36453.4,
      adjust_decrease: 0,
      adjust_increase: 0,
      pre_assessment_budget: 0,
      focus_reason: s.focus_reason,
      stage_conclusion: s.stage_conclusion,
      budget_outlook: '确定能完成',
      target_outlook: '确定能完成',
      problems: s.problems,
      measures: s.measures,
      background: s.background,
      implementation: s.implementation,
      remarks: s.remarks,
      report_date: null,
    });
    // 一级/二级/三级 restored after the merged-cell flattening; the form's values as printed.
    expect(r.indicators.map((i) => [i.level1, i.level2, i.level3, i.annual_target, i.expected_value ?? '', i.actual ?? ''])).toEqual(
      SEED_INDICATORS,
    );
    expect(r.indicators.map((i) => i.status)).toEqual([...Array(14).fill('met'), 'na', 'na']);
  });

  it('CRLF line endings and a BOM read the same', async () => {
    const a = await read(SEED_TEXT);
    const b = await read('\ufeff' + SEED_TEXT.replace(/\n/g, '\r\n'));
    expect(b.projects).toEqual(a.projects);
    expect(b.indicators).toEqual(a.indicators);
  });
});

describe('variants of the form', () => {
  it('another conclusion, 有可能完成 / 确定不能完成 ticks, a budget adjustment with amounts', async () => {
    const text = SEED_TEXT.replace('运行正常（执行率和目标完成度均在75%以上）', '轻度偏差（执行率或目标完成度在50%-75%之间）')
      .replace(SEED_BUDGET_LINE, `\t${outlookLine('年度项目预算完成可能性', [false, true, false])}`)
      .replace(/\t年度绩效目标完成可能性\t[^\n]*/, `\t${outlookLine('年度绩效目标完成可能性', [false, false, true])}`)
      .replace(`是否需要预算调整\t是 ${BOX} 否 ${CHECKED}`, `是否需要预算调整\t是 ${CHECKED} 否 ${BOX}`)
      .replace('调整后预算数（元）\t36453.4\t调减金额（元）\t0', '调整后预算数（元）\t30000\t调减金额（元）\t6,453.40');
    const r = await read(text);
    expect(r.projects[0]).toMatchObject({
      stage_conclusion: '轻度偏差（执行率或目标完成度在50%-75%之间）',
      budget_outlook: '有可能完成',
      target_outlook: '确定不能完成',
      needs_adjustment: true,
      budget_adjusted: 30000,
      adjust_decrease: 6453.4,
    });
  });

  it.each([
    ['☑ / □', '☑是 □否', '□确定能完成 ☑有可能完成 □确定不能完成', true, '有可能完成'],
    ['√ after the option', '是√ 否', '确定能完成 有可能完成 确定不能完成√', true, '确定不能完成'],
    ['■ / □', '□是 ■否', '■确定能完成 □有可能完成 □确定不能完成', false, '确定能完成'],
    ['the others struck out (left blank)', '否', '有可能完成', false, '有可能完成'],
  ])('check boxes: %s', async (_name, recurring, outlook, isRecurring, value) => {
    const text = SEED_TEXT.replace(`是 ${CHECKED} 否 ${BOX}`, recurring).replace(SEED_BUDGET_LINE, `\t年度项目预算完成可能性\t${outlook}`);
    const r = await read(text);
    expect(r.report.warnings).toEqual([]);
    expect(r.projects[0].is_recurring).toBe(isRecurring);
    expect(r.projects[0].budget_outlook).toBe(value);
  });

  it.each([['2024.1.1-2024.8.31'], ['2024/01/01 至 2024/08/31'], ['2024-01-01—2024-08-31']])('跟踪时段 written %s', async (period) => {
    const r = await read(SEED_TEXT.replace('2024年01月01日 --- 2024年08月31日', period));
    expect(r.projects[0]).toMatchObject({ period_start: '2024-01-01', period_end: '2024-08-31' });
  });

  it.each([
    ['（一）…（五）', (n: string) => `（${n}）`],
    ['Arabic 1.…5.', (n: string) => `${'一二三四五'.indexOf(n) + 1}.`],
    ['no numbers at all', () => ''],
  ])('sections numbered %s read the same as 一、…五、', async (_name, num) => {
    const text = SEED_TEXT.replace('一、项目基本情况', `${num('一')}项目基本情况`)
      .replace('二、项目具体实施情况', `${num('二')}项目具体实施情况`)
      .replace('三、阶段性跟踪结论', `${num('三')}阶段性跟踪结论`)
      .replace('五、存在问题及改进措施', `${num('五')}存在问题及改进措施`);
    const seed = await read(SEED_TEXT);
    const r = await read(text);
    expect(r.report.warnings).toEqual([]);
    expect(r.projects).toEqual(seed.projects);
    expect(r.projects[0]).toMatchObject({ stage_conclusion: SEED_PROJECT.stage_conclusion, problems: SEED_PROJECT.problems });
  });

  it('titles in a cell of their own with the text in the next cell; 填报日期 after the indicators is the form’s date, not an indicator', async () => {
    const text = SEED_TEXT.replace(/三、阶段性跟踪结论：\s*\n+运行正常/, '（三）阶段性跟踪结论\t运行正常')
      .replace(/1、存在问题\s*\n+/, '存在问题\t')
      .replace(/2、改进措施\s*\n+/, '改进措施\t')
      .concat('\n填报日期：2024年9月5日\n');
    const r = await read(text);
    expect(r.report.warnings).toEqual([]);
    expect(r.projects[0]).toMatchObject({
      stage_conclusion: '运行正常（执行率和目标完成度均在75%以上）',
      problems: SEED_PROJECT.problems,
      measures: SEED_PROJECT.measures,
      report_date: '2024-09-05',
    });
    expect(r.indicators).toHaveLength(SEED_INDICATORS.length);
  });

  it('an indicator table with columns of its own is read by its header names, not by position; a column it cannot place is said', async () => {
    const head = SEED_TEXT.slice(0, SEED_TEXT.indexOf('主要跟踪指标'));
    const table = [
      '主要跟踪指标',
      '一级指标\t二级指标\t三级指标\t年度目标值\t实际完成值\t偏差原因及纠偏措施\t备注',
      '产出目标\t数量目标\t活动场次\t12场\t6场\t上半年场地维修，下半年补办\t无',
      '\t质量目标\t宽带运行合格率\t100%\t100%\t\t',
    ].join('\n');
    const r = await read(head + table);
    expect(
      r.indicators.map((i) => [i.level1, i.level2, i.level3, i.annual_target, i.expected_value, i.actual, i.deviation_reason]),
    ).toEqual([
      ['产出目标', '数量目标', '活动场次', '12场', null, '6场', '上半年场地维修，下半年补办'],
      ['产出目标', '质量目标', '宽带运行合格率', '100%', null, '100%', null],
    ]);
    expect(r.report.warnings.map((w) => w.reason)).toContain('表头「备注」不是表单中的列，该列的内容未读入');
  });

  it('text under no section and no label is said in the load report, not dropped in silence', async () => {
    const r = await read(SEED_TEXT.replace('选择重点跟踪理由', '备注：本表由镇财政所汇总\n选择重点跟踪理由'));
    expect(r.report.warnings.map((w) => w.reason)).toContain('1 行文字不在表单的任何一栏下、未读入：「备注：本表由镇财政所汇总」');
  });

  it('blank and 跟踪期不涉及 cells are not applicable; a 万元 label is scaled', async () => {
    const text = SEED_TEXT.replace('\t\t活动布置合格率\t100%\t100%\t100%', '\t\t活动布置合格率\t100%\t跟踪期不涉及\t跟踪期不涉及').replace(
      '当年预算数（元）\t36453.4',
      '当年预算数（万元）\t3.64534',
    );
    const r = await read(text);
    expect(r.indicators.find((i) => i.level3 === '活动布置合格率')?.status).toBe('na');
    expect(r.projects[0].budget_initial).toBe(36453.4);
  });

  it('ambiguous fields are reported, kept blank, never guessed', async () => {
    const text = SEED_TEXT.replace(SEED_BUDGET_LINE, `\t${outlookLine('年度项目预算完成可能性', [true, true, false])}`)
      .replace(/\t年度绩效目标完成可能性\t[^\n]*/, `\t${outlookLine('年度绩效目标完成可能性', [false, false, false])}`)
      .replace('调减金额（元）\t0', '调减金额（元）\t约六千');
    const r = await read(text);
    const p = r.projects[0];
    expect(p.budget_outlook).toBeNull();
    expect(p.target_outlook).toBeNull();
    expect(p.adjust_decrease).toBeNull();
    expect(p.budget_initial).toBe(36453.4); // the rest is kept
    expect(r.report.warnings.map((w) => [w.column, w.reason])).toEqual([
      ['年度项目预算完成可能性', '勾选了多个选项：确定能完成、有可能完成；该项留空'],
      ['年度绩效目标完成可能性', '没有勾选任何选项（确定能完成 / 有可能完成 / 确定不能完成）；该项留空'],
      ['调减金额（元）', '金额无法识别：「约六千」（应为数字，如 36453.40、36,453.40 或 3.65万）；该项按空值处理'],
    ]);
  });

  it('a conclusion printed as options with boxes keeps the ticked one; other subsection numbering', async () => {
    const seedConclusion = '运行正常（执行率和目标完成度均在75%以上）';
    const after = await read(
      SEED_TEXT.replace(
        seedConclusion,
        `运行正常（执行率和目标完成度均在75%以上）${BOX}\t轻度偏差（执行率或目标完成度在50%-75%之间）${CHECKED}\t严重偏差（执行率或目标完成度在50%以下）${BOX}`,
      )
        .replace('1、存在问题', '（一）存在问题')
        .replace('2、改进措施', '（二）改进措施'),
    );
    expect(after.projects[0].stage_conclusion).toBe('轻度偏差（执行率或目标完成度在50%-75%之间）');
    expect(after.projects[0].problems).toBe(SEED_PROJECT.problems);
    expect(after.projects[0].measures).toBe(SEED_PROJECT.measures);
    const before = await read(SEED_TEXT.replace(seedConclusion, '☑运行正常 □轻度偏差 □严重偏差'));
    expect(before.projects[0].stage_conclusion).toBe('运行正常');
    const none = await read(SEED_TEXT.replace(seedConclusion, '□运行正常 □轻度偏差 □严重偏差'));
    expect(none.projects[0].stage_conclusion).toBeNull();
    expect(none.report.warnings.map((w) => w.reason)).toContain('没有勾选任何选项；该项按未填处理');
  });

  it("an unreadable required amount rejects the form's project row and says why; its indicators are listed too", async () => {
    const r = await read(SEED_TEXT.replace('当年预算数（元）\t36453.4', '当年预算数（元）\t三万六'));
    expect(r.report).toMatchObject({ rowsRead: 17, rowsLoaded: 0, rowsRejected: 17 });
    expect(r.report.rejected[0].issues[0].reason).toContain('金额无法识别：「三万六」');
  });
});

describe('Word .docx forms (tables with merged cells)', () => {
  let docx: Buffer;
  beforeAll(async () => {
    docx = await formDocx();
  });

  it('reads the document tables back exactly', async () => {
    const r = await importFile('七宝镇-智慧社区平台运维.docx', new Uint8Array(docx));
    expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 7, rowsLoaded: 7 });
    expect(r.report.warnings).toEqual([]);
    expect(r.projects[0]).toMatchObject({
      town: '七宝镇',
      project_name: '智慧社区平台运维',
      budget_unit: '闵行区七宝镇人民政府党群办',
      implementing_unit: '党群办',
      period_start: '2025-01-01',
      period_end: '2025-08-31',
      is_recurring: true,
      needs_adjustment: false,
      budget_initial: 1_200_000,
      budget_executed: 600_000,
      execution_rate_reported: 0.6,
      budget_adjusted: 1_000_000,
      adjust_decrease: 200_000,
      adjust_increase: 0,
      focus_reason: '预算金额较大的项目',
      background: '平台覆盖全镇40个小区。',
      implementation: '截止8月底完成接入35个小区。',
      stage_conclusion: '轻度偏差（执行率或目标完成度在50%-75%之间）',
      budget_outlook: '有可能完成',
      target_outlook: '确定能完成',
      problems: '部分小区接入进度滞后。',
      measures: '加快推进剩余小区接入。',
      remarks: '满意度调查安排在年底开展。',
      report_date: '2025-09-12',
    });
    expect(r.indicators.map((i) => [i.level1, i.level2, i.level3, i.expected_value, i.actual, i.status])).toEqual([
      ['投入与管理', '资金落实', '预算执行率', '67%', '60.00%', 'partial'],
      ['投入与管理', '财务管理', '资金支付明确性', '明确', '明确', 'met'],
      ['产出目标', '数量目标', '平台接入小区数', '40个', '35个', 'partial'],
      ['产出目标', '质量目标', '系统正常运行率', '99%', '99.5%', 'met'],
      ['效果目标', '社会效益目标', '社区治理效率', '提高', '有所提高', 'met'],
      ['影响力目标', '服务对象满意度目标', '居民满意度', '跟踪期不涉及', '跟踪期不涉及', 'na'],
    ]);
    expect(r.indicators[0]).toMatchObject({
      deviation: '低于序时进度16.7个百分点',
      deviation_reason: '支付滞后',
      corrective_action: '加快支付',
    });
  });

  it('the same form saved by a real word processor (LibreOffice Writer 7) reads the same', async () => {
    // test/fixtures/forms/qibao-libreoffice.docx: the docx-library form opened and saved again by LibreOffice
    // (its own XML: styles, tab stops in paragraph properties, empty run properties, namespaces).
    const original = await importFile('七宝镇.docx', new Uint8Array(docx));
    const saved = await importFile('七宝镇.docx', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.docx'))));
    expect(saved.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 7, rowsLoaded: 7, rowsRejected: 0 });
    expect(withoutSource(saved.projects)).toEqual(withoutSource(original.projects));
    expect(withoutSource(saved.indicators)).toEqual(withoutSource(original.indicators));
  });

  it('the same form saved as Word 97-2003 .doc by LibreOffice reads field by field like its .docx', async () => {
    // test/fixtures/forms/qibao-libreoffice.doc: LibreOffice's 「Word 97-2003」 save of the same form (struck 是 included).
    const docxForm = await importFile('七宝镇.docx', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.docx'))));
    const docForm = await importFile('七宝镇.doc', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.doc'))));
    expect(docForm.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 7, rowsLoaded: 7, rowsRejected: 0 });
    expect(docForm.report.warnings).toEqual(docxForm.report.warnings);
    expect(withoutSource(docForm.projects)).toEqual(withoutSource(docxForm.projects));
    expect(withoutSource(docForm.indicators)).toEqual(withoutSource(docxForm.indicators));
    expect(docForm.projects[0]).toMatchObject({ needs_adjustment: false, budget_initial: 1_200_000, town: '七宝镇' });
  });

  it('a form typed by hand in LibreOffice Writer (.docx and Word 97 .doc), or filled in as a sheet of Calc (.xlsx, Excel 97 .xls): header line of two labels, sections in single cells, 效果目标 named in the row', async () => {
    // test/fixtures/forms/pujin.html, saved by LibreOffice 7 as pujin-libreoffice.docx and .doc: 「街镇名称：…（盖章）　　填报日期：…」
    // on one line, 一、… 五、 each typed into one table cell with its paragraphs, 万元 labels, ■/□ ticks, a rowspan'd 一级目标.
    // pujin-calc.xlsx / .xls: the same HTML opened by LibreOffice Calc (the form as one sheet, its cells merged across columns).
    for (const file of ['pujin-libreoffice.docx', 'pujin-libreoffice.doc', 'pujin-calc.xlsx', 'pujin-calc.xls']) {
      const imported = await importInput(file, new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms', file))));
      expect(imported).toHaveLength(1);
      const [r] = imported;
      expect(kindText(r.report)).toBe('跟踪评价表单');
      expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsRead: 7, rowsLoaded: 7, rowsRejected: 0 });
      expect(r.projects[0]).toMatchObject({
        town: '浦锦街道',
        project_name: '浦锦街道老旧小区雨污混接改造工程',
        report_date: '2025-09-10',
        period_start: '2025-01-01',
        period_end: '2025-08-31',
        is_recurring: false,
        needs_adjustment: true,
        budget_initial: 12_856_000,
        budget_executed: 4_123_500,
        budget_adjusted: 9_856_000,
        adjust_decrease: 3_000_000,
        pre_assessment_budget: 13_000_000,
        stage_conclusion: '执行进度偏慢（执行率低于时序进度）',
        budget_outlook: '有可能完成',
        target_outlook: '有可能完成',
        problems: '前期管线迁移协调不到位，施工进度滞后；部分工程款未按合同节点支付。',
        measures: '建立周例会制度，加快管线迁移协调，按节点拨付工程款。',
        background: '对辖区内12个老旧小区实施雨污混接改造，计划2025年11月底前完工。',
        remarks: '无',
      });
      // 32.07 % is 412.35 ÷ 1,285.60 (the budget before its adjustment): the warning says so.
      expect(r.report.warnings.map((w) => w.reason)).toEqual([
        '填报的执行进度 32.07% 与 执行数÷调整后预算数 = 41.84% 不一致（与 执行数÷当年预算数 = 32.07% 相符，可能按调整前的预算数计算）',
      ]);
      expect(r.indicators.map((i) => [i.level1, i.level2, i.level3, i.status])).toEqual([
        ['投入与管理', '资金落实', '预算执行率', 'partial'],
        ['投入与管理', '财务管理', '资金使用合规性', 'met'],
        ['产出目标', '数量目标', '完成改造小区数', 'partial'],
        ['产出目标', '质量目标', '工程验收合格率', 'met'],
        ['产出目标', '时效目标', '工程按期完成率', 'na'],
        ['效果目标', '服务对象满意度目标', '居民满意度', 'na'],
      ]);
    }
  });

  it('a workbook of forms, one project per sheet, beside a 填表说明 sheet: one report per sheet, the notes sheet listed', async () => {
    const XLSX = await import('@e965/xlsx');
    const one = XLSX.read(fs.readFileSync(path.join(FIXTURES, 'forms/pujin-calc.xlsx')), { type: 'buffer', cellStyles: true });
    const form = one.Sheets[one.SheetNames[0]];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明：每个项目填写一张工作表。']]), '填表说明');
    XLSX.utils.book_append_sheet(wb, form, '雨污混接改造');
    // The second project: the same form with its 项目名称 and 当年预算数 changed.
    const second: typeof form = JSON.parse(JSON.stringify(form));
    const text = (k: string) => String((second[k] as { v?: unknown } | undefined)?.v ?? '');
    const value = (label: string) => {
      const at = Object.keys(second).find((k) => !k.startsWith('!') && text(k).replace(/\s/g, '') === label);
      if (!at) throw new Error(label);
      const a = XLSX.utils.decode_cell(at);
      // The value cell: the next filled cell to the right on the label's row.
      for (let c = a.c + 1; c < a.c + 12; c++) {
        const k = XLSX.utils.encode_cell({ r: a.r, c });
        if (text(k) !== '') return k;
      }
      throw new Error(label);
    };
    second[value('项目名称')] = { t: 's', v: '浦锦街道背街小巷环境整治' };
    second[value('当年预算数（万元）')] = { t: 'n', v: 300 };
    XLSX.utils.book_append_sheet(wb, second, '环境整治');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const out = await importInput('浦锦街道.xlsx', bytes);
    expect(out.map((r) => [r.report.file, r.report.format, r.report.rowsLoaded])).toEqual([
      ['浦锦街道.xlsx（工作表：雨污混接改造）', 'form', 7],
      ['浦锦街道.xlsx（工作表：环境整治）', 'form', 7],
    ]);
    expect(out.map((r) => [r.projects[0].project_name, r.projects[0].budget_initial])).toEqual([
      ['浦锦街道老旧小区雨污混接改造工程', 12_856_000],
      ['浦锦街道背街小巷环境整治', 3_000_000],
    ]);
    expect(new Set(out.map((r) => r.projects[0].report_id)).size).toBe(2);
    expect(out[0].report.warnings.map((w) => w.reason)).toContain(
      '工作簿中的工作表「填表说明」不是项目表或指标表（列为：填表说明：每个项目填写一张工作表。），已跳过',
    );
  });

  it('a .docx saved under a .doc name (as WPS does) is read as the .docx it is', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.docx')));
    const r = await importFile('七宝镇.doc', bytes);
    expect(r.report).toMatchObject({ status: 'loaded', format: 'form', rowsLoaded: 7 });
  });

  it('a damaged .doc is refused with a Chinese sentence before the reader’s own words', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.doc'))).slice(0, 3000);
    const r = await importFile('坏.doc', bytes);
    expect(r.report.status).toBe('refused');
    expect(r.report.refusedReason).toMatch(/^无法读取表单「坏\.doc」：这个 Word 97-2003 文件无法读取（文件可能已损坏/);
  });

  it('a zip bomb posing as a .docx form is refused from its directory in under 2 s and 300 MB; a lying directory is stopped too', async () => {
    const { zipBomb } = await import('./zipBomb');
    for (const [name, lie, why] of [
      ['bomb.docx', false, /「bomb\.docx」中的 word\/document\.xml 解压后有 1,232 MB，超过上限 20 MB，未读取/],
      ['liar.docx', true, /「liar\.docx」中的 word\/document\.xml 解压后超过其目录所记的 0 MB，未读取/],
    ] as const) {
      const bytes = zipBomb('word/document.xml', 1.2, lie);
      const rss = process.memoryUsage().rss;
      const t0 = performance.now();
      const r = await importFile(name, bytes);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
      expect(r.report.status).toBe('refused');
      expect(r.report.refusedReason).toMatch(why);
    }
  });

  it('a .docx dropped into the load stores its project and all 6 indicator rows, as its load report says', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-load-'));
    fs.writeFileSync(path.join(dir, '七宝镇.docx'), docx);
    const { engine, load } = await engineWith([path.join(dir, '七宝镇.docx')]);
    expect(load.reports[0]).toMatchObject({ status: 'loaded', projectsLoaded: 1, indicatorsLoaded: 6 });
    const [c] = await engine.query<{ p: number; i: number }>(
      'SELECT (SELECT count(*) FROM projects)::INTEGER AS p, (SELECT count(*) FROM indicators)::INTEGER AS i',
    );
    expect(c).toEqual({ p: 1, i: 6 });
  });

  it('a folder of forms becomes two contract tables that load into the dashboard', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-'));
    fs.copyFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), path.join(dir, 'seed.txt'));
    fs.writeFileSync(path.join(dir, 'qibao.docx'), docx);
    const out = path.join(dir, 'out');
    const log = execFileSync('node', ['--import', 'tsx', 'scripts/forms.ts', dir, '--out', out], { cwd: repoRoot, encoding: 'utf8' });
    expect(log).toContain('✓ qibao.docx：七宝镇 · 智慧社区平台运维 · 2025-01-01 至 2025-08-31，指标 6 条');
    expect(log).toContain('✓ seed.txt：华漕镇 · 国际社区综合服务中心运行费用 · 2024-01-01 至 2024-08-31，指标 16 条');
    const csv = fs.readFileSync(path.join(out, 'projects.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { engine, load } = await engineWith([path.join(out, 'projects.csv'), path.join(out, 'indicators.csv')]);
    expect(load.reports.map((x) => [x.rowsLoaded, x.rowsRejected, x.warnings.length])).toEqual([
      [2, 0, 0],
      [22, 0, 0],
    ]);
    const rows = await engine.query<{ town: string; exec_rate: number; goal_completion: number }>(
      'SELECT town, exec_rate, goal_completion FROM report_facts ORDER BY town',
    );
    expect(rows).toEqual([
      { town: '七宝镇', exec_rate: 0.6, goal_completion: 3 / 5 },
      { town: '华漕镇', exec_rate: 1, goal_completion: 1 },
    ]);
  });
});

describe('docxLines: the XML of a .docx, read by a parser', () => {
  const docxOf = async (body: string) => {
    const { zipSync, strToU8 } = await import('fflate');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>${body}</w:body></w:document>`;
    return zipSync({ 'word/document.xml': strToU8(xml) });
  };
  it('entities decoded, tab stops are not text, a text box fallback is read once, struck text dropped', async () => {
    const { docxLines } = await import('../../src/lib/import/forms/docx');
    const bytes = await docxOf(
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>A&amp;B &#x4E2D;</w:t><w:tab/><w:t>C</w:t></w:r></w:p>' +
        '<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>框内</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框内</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>' +
        '<w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>是</w:t></w:r><w:r><w:t>否</w:t></w:r></w:p>',
    );
    expect(docxLines(bytes)).toEqual([['A&B 中\tC'], ['框内'], ['否']]);
  });
  it('a document.xml cut short is refused in words', async () => {
    const { docxLines } = await import('../../src/lib/import/forms/docx');
    const { zipSync, strToU8 } = await import('fflate');
    const cut = zipSync({ 'word/document.xml': strToU8('<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>半') });
    expect(() => docxLines(cut)).toThrow(/word\/document\.xml 不是完整的 XML/);
  });
});

describe('npm run forms never skips a file in silence', () => {
  it('a Word 97 .doc is read; a stray file in the folder gets a line with the reason, and the command exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-doc-'));
    fs.copyFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), path.join(dir, 'seed.txt'));
    fs.copyFileSync(path.join(FIXTURES, 'forms/qibao-libreoffice.doc'), path.join(dir, 'qibao.doc'));
    fs.writeFileSync(path.join(dir, '说明.pdf'), '%PDF-1.4\n');
    let out: string;
    let code = 0;
    try {
      out = execFileSync('node', ['--import', 'tsx', 'scripts/forms.ts', dir, '--out', path.join(dir, 'out')], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      code = e.status;
      out = e.stdout;
    }
    expect(code).toBe(1);
    expect(out).toContain('✓ seed.txt：华漕镇');
    expect(out).toContain('✓ qibao.doc：七宝镇 · 智慧社区平台运维 · 2025-01-01 至 2025-08-31，指标 6 条');
    expect(out).toMatch(/✗ 说明\.pdf：/);
    expect(out).toContain('（2 个项目）');
  });

  it('the same form sent as .docx, .doc and an Excel sheet is written once; a corrected copy under the same 报告编号 is written and said', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-same-'));
    for (const f of ['pujin-libreoffice.docx', 'pujin-libreoffice.doc', 'pujin-calc.xlsx'])
      fs.copyFileSync(path.join(FIXTURES, 'forms', f), path.join(dir, f));
    const run = () =>
      execFileSync('node', ['--import', 'tsx', 'scripts/forms.ts', dir, '--out', path.join(dir, 'out')], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
    let out = run();
    expect(out).toContain(
      '✓ pujin-calc.xlsx（工作表：Sheet1）：浦锦街道 · 浦锦街道老旧小区雨污混接改造工程 · 2025-01-01 至 2025-08-31，指标 6 条',
    );
    expect(out.match(/内容相同，未重复写出/g)).toHaveLength(2);
    expect(out).toContain('（1 个项目）');
    expect(out).toContain('（6 条指标）');
    // A corrected resubmission: the text form with one figure changed (same town, project and period → same 报告编号).
    const lines = docxLinesOf(path.join(FIXTURES, 'forms/pujin-libreoffice.docx'));
    const text = lines.map((l) => l.join('\t')).join('\n');
    expect(text).toContain('412.35');
    fs.writeFileSync(path.join(dir, 'pujin-更正.txt'), text.replace('412.35', '512.35'));
    out = run();
    expect(out).toMatch(/的报告编号同为 R\w+ 但内容不同：两份都已写出，加载时计入后一行/);
    expect(out).toContain('（2 个项目）');
  });
});
