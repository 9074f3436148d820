import { describe, expect, it } from 'vitest';
import { normaliseTown, parseBool, parseDate, parseEnum, parseMoney, parsePercent, parsePeriod } from '../../src/lib/contract/values';
import { OUTLOOK_VALUES } from '../../src/lib/contract/columns';
import { mapHeaders } from '../../src/lib/contract/headers';

describe('header variants', () => {
  it('maps common label variants, units in either bracket style, and English ids', () => {
    const m = mapHeaders('projects', ['预算执行率(%)', '当年预算数(万元)', '调整后预算', ' 执行数 ', 'budget_unit', '备注']);
    expect(m.matched.map((x) => [x.header, x.def.id, x.scale])).toEqual([
      ['预算执行率(%)', 'execution_rate_reported', 1],
      ['当年预算数(万元)', 'budget_initial', 10000],
      ['调整后预算', 'budget_adjusted', 1],
      ['执行数', 'budget_executed', 1],
      ['budget_unit', 'budget_unit', 1],
    ]);
    expect(m.unknown).toEqual(['备注']);
  });
});

describe('values as people type them', () => {
  it('money', () => {
    expect(parseMoney('36,453.40').value).toBe(36453.4);
    expect(parseMoney('36453.4').value).toBe(36453.4);
    expect(parseMoney('3.65万').value).toBe(36500);
    expect(parseMoney('￥36453.4').value).toBe(36453.4);
    expect(parseMoney('￥1,200').value).toBe(1200);
    expect(parseMoney('12.5', 10000).value).toBe(125000); // header in 万元
    expect(parseMoney('').value).toBeNull();
    expect(parseMoney('１２３').value).toBe(123); // full-width digits
    expect(parseMoney('约三万').error).toContain('金额无法识别');
    expect(parseMoney('1,2,3').error).toBeDefined();
  });
  it('percent', () => {
    expect(parsePercent('100.00%').value).toBe(1);
    expect(parsePercent('100').value).toBe(1);
    expect(parsePercent('1.0', true).value).toBe(1);
    expect(parsePercent('abc').error).toContain('百分比');
  });
  it('dates and periods', () => {
    expect(parseDate('2024-01-01').value).toBe('2024-01-01');
    expect(parseDate('2024/1/1').value).toBe('2024-01-01');
    expect(parseDate('2024年1月1日').value).toBe('2024-01-01');
    expect(parseDate('45535').value).toBe('2024-08-31'); // Excel serial
    expect(parseDate('2024-02-30').error).toContain('不存在');
    expect(parsePeriod('2024年01月01日 --- 2024年08月31日').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024-01-01至2024-08-31').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024/1/1 - 2024/6/30').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('上半年').error).toBeDefined();
    // As systems export dates, and as a form writes the end without its year.
    expect(parsePeriod('20240101 --- 20240831').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('20240101-20240630').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2024年1月1日至8月31日').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024年01月01日 --- 08月31日').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024年1月1日至2月30日').error).toBeDefined(); // no such day
    expect(parsePeriod('2024年8月1日至3月31日').error).toContain('开始晚于结束');
    expect(parsePeriod('202401011 --- 20240831').error).toBeDefined(); // nine digits are not a date
    expect(parsePeriod('12345678 --- 20240831').error).toBeDefined();
    // Months, as the bureau names its rounds: first day of the first month to the last day of the last.
    expect(parsePeriod('2024年1-8月').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024年1月至6月').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2024年1月—2024年2月').value).toEqual({ start: '2024-01-01', end: '2024-02-29' }); // leap year
    expect(parsePeriod('2023年11月-2024年2月').value).toEqual({ start: '2023-11-01', end: '2024-02-29' });
    expect(parsePeriod('2024年上半年').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2024年前三季度').value).toEqual({ start: '2024-01-01', end: '2024-09-30' });
    expect(parsePeriod('2024年1-13月').error).toContain('月份');
    expect(parsePeriod('2024年8-1月').error).toContain('开始晚于结束');
    expect(parsePeriod('2024年度').error).toContain('2024年1-8月');
    // 年度 before the months, months with a dot, and the words of 「自…起至…止」 around the dates; 号 for 日.
    expect(parsePeriod('2024年度1-8月').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024.1-2024.8').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024.1-6').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2024.1.1-2024.8.31').value).toEqual({ start: '2024-01-01', end: '2024-08-31' }); // still full dates
    expect(parsePeriod('自2024年1月1号起至2024年8月31号止').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024年1月1日起至8月31日止').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024年1月1日起').error).toBeDefined(); // one date is not a period
    expect(parseDate('2024年08月31号').value).toBe('2024-08-31');
  });
  it('periods and dates typed with a Chinese input method: full-width digits, months with a dash, numerals in words', () => {
    // Full-width digits and punctuation (输入法 全角): the same period as half-width.
    expect(parsePeriod('２０２４年１－８月').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('２０２４／１／１－２０２４／８／３１').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parseDate('２０２４／９／５').value).toBe('2024-09-05');
    // Months written 2024-01, with a range sign that is not a dash.
    expect(parsePeriod('2024-01~2024-08').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024-01至2024-06').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(parsePeriod('2024-01～08').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024-01-2024-08').error).toBeDefined(); // dashes on both sides: not guessed
    // A signature date as 公文 wrote it before 2012: numerals in words, 〇 or ○ for zero.
    expect(parseDate('二〇二四年九月五日').value).toBe('2024-09-05');
    expect(parseDate('二○二四年十二月三十一日').value).toBe('2024-12-31');
    expect(parseDate('二〇二四年十月二十日').value).toBe('2024-10-20');
    expect(parseDate('二〇二四年二月三十日').error).toContain('不存在');
    expect(parseDate('二〇二四年九月').error).toBeDefined(); // no day
  });
  it('periods as hand-typed sheets name them: the end without its year in any date spelling, the whole year, a half, a quarter', () => {
    expect(parsePeriod('2024.1.1-8.31').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024/1/1至8/31').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024-01-01至08-31').value).toEqual({ start: '2024-01-01', end: '2024-08-31' });
    expect(parsePeriod('2024-01-01-08-31').error).toBeDefined(); // dashes only: not guessed
    expect(parsePeriod('2024.8.1-3.31').error).toContain('开始晚于结束');
    expect(parsePeriod('2024年全年').value).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    expect(parsePeriod('2024年下半年').value).toEqual({ start: '2024-07-01', end: '2024-12-31' });
    expect(parsePeriod('2024年第二季度').value).toEqual({ start: '2024-04-01', end: '2024-06-30' });
    expect(parsePeriod('2024年四季度').value).toEqual({ start: '2024-10-01', end: '2024-12-31' });
    expect(parsePeriod('2024年前两季度').value).toEqual({ start: '2024-01-01', end: '2024-06-30' });
  });
  it('booleans and ticked boxes', () => {
    expect(parseBool('是').value).toBe(true);
    expect(parseBool('N').value).toBe(false);
    expect(parseBool('是 <input checked="" type="checkbox"/> 否 <input type="checkbox"/>').value).toBe(true);
    expect(parseBool('是 <input type="checkbox"/> 否 <input checked="" type="checkbox"/>').value).toBe(false);
    expect(parseBool('☑是 □否').value).toBe(true);
    expect(parseBool('□是 ☑否').value).toBe(false);
    expect(parseBool('是 <input checked="" type="checkbox"/> 否 <input checked="" type="checkbox"/>').error).toContain('多个');
    expect(
      parseEnum(
        '确定能完成 <input type="checkbox"/> 有可能完成 <input checked="" type="checkbox"/> 确定不能完成 <input type="checkbox"/>',
        OUTLOOK_VALUES,
      ).value,
    ).toBe('有可能完成');
    expect(parseEnum('能完成吧', OUTLOOK_VALUES).error).toContain('应为以下之一');
  });
  it('what hand-typed summary sheets write: minus signs, dashes for blank, scientific notation, a lone tick, other words for an outlook', () => {
    expect(parseMoney('−300').value).toBe(-300); // U+2212: read, then rejected as negative by the row rules
    expect(parseMoney('－1,200.50').value).toBe(-1200.5);
    for (const dash of ['–', '——', '－', '／']) expect(parseMoney(dash)).toEqual({ value: null });
    expect(parseMoney('1.29E+07').error).toMatch(/^金额是科学计数法「1\.29E\+07」：Excel 按显示的格式另存 CSV 时会丢掉位数/);
    expect(parseBool('√').value).toBe(true);
    expect(parseBool('☑').value).toBe(true);
    expect(parseBool('×').value).toBe(false);
    expect(parseBool('☑是 □否').value).toBe(true);
    const outlook = ['确定能完成', '有可能完成', '确定不能完成'] as const;
    expect(['能完成', '确定可以完成', '可能完成', '有可能', '不能完成', '无法完成'].map((x) => parseEnum(x, outlook).value)).toEqual([
      '确定能完成',
      '确定能完成',
      '有可能完成',
      '有可能完成',
      '确定不能完成',
      '确定不能完成',
    ]);
    expect(parseEnum('看情况', outlook).error).toBe('应为以下之一：确定能完成 / 有可能完成 / 确定不能完成，实为「看情况」');
  });
  it('headers as summary sheets name the form’s fields', () => {
    const ids = (kind: 'projects' | 'indicators', h: string[]) => mapHeaders(kind, h).matched.map((m) => m.def.id);
    expect(
      ids('projects', [
        '预算执行金额（万元）',
        '调整后预算金额',
        '阶段性结论',
        '预算完成可能性',
        '绩效目标完成可能性',
        '存在的问题',
        '整改措施',
      ]),
    ).toEqual(['budget_executed', 'budget_adjusted', 'stage_conclusion', 'budget_outlook', 'target_outlook', 'problems', 'measures']);
    expect(mapHeaders('projects', ['预算执行金额（万元）']).matched[0].scale).toBe(10000);
    expect(ids('indicators', ['一级指标', '三级指标', '应完成值', '实际完成值'])).toEqual(['level1', 'level3', 'expected_value', 'actual']);
    expect(ids('projects', ['镇（街道）', '预算单位名称', '年初预算（万元）', '已支出数（万元）', '跟踪评价结论'])).toEqual([
      'town',
      'budget_unit',
      'budget_initial',
      'budget_executed',
      'stage_conclusion',
    ]);
    expect(ids('projects', ['街道（镇）'])).toEqual(['town']);
    expect(ids('indicators', ['所属街镇', '指标值', '阶段性目标值', '完成情况', '偏差', '偏差原因分析'])).toEqual([
      'town',
      'annual_target',
      'expected_value',
      'actual',
      'deviation',
      'deviation_reason',
    ]);
  });
  it('Excel error values are named as such, not as an amount that cannot be read', () => {
    expect(parseMoney('#DIV/0!')).toEqual({
      error: '单元格是 Excel 公式的错误值「#DIV/0!」（除数为 0），不是金额：请在 Excel 中修正公式或填写数值后重新导出',
    });
    expect(parsePercent(' #value! ').error).toMatch(/^单元格是 Excel 公式的错误值「#VALUE!」（公式中有文字参与了计算），不是百分比/);
    expect(parseDate('#NAME?').error).toMatch(/不是日期/);
    expect(parseMoney('#N/A')).toEqual({ value: null }); // #N/A (not available) stays a blank cell
  });
  it('town names', () => {
    expect(normaliseTown('闵行区华漕镇（盖章）')).toBe('华漕镇');
    expect(normaliseTown('上海市闵行区七宝镇人民政府')).toBe('七宝镇');
    expect(normaliseTown('古美路街道办事处')).toBe('古美街道');
    expect(normaliseTown('莘庄工业区管委会')).toBe('莘庄工业区');
    // Written short or with the office that filed it: the same unit (else a town's figures split in two).
    expect(normaliseTown('江川街道')).toBe('江川路街道');
    expect(normaliseTown('七宝')).toBe('七宝镇');
    expect(normaliseTown('吴泾')).toBe('吴泾镇');
    expect(normaliseTown('莘庄')).toBe('莘庄镇');
    expect(normaliseTown('莘庄工业区管理委员会')).toBe('莘庄工业区');
    expect(normaliseTown('华漕镇财政所')).toBe('华漕镇');
    expect(normaliseTown('梅陇镇政府')).toBe('梅陇镇');
    expect(normaliseTown('新虹街道办')).toBe('新虹街道');
    expect(normaliseTown('上海闵行区虹桥镇')).toBe('虹桥镇');
    expect(normaliseTown('闵行区马桥镇人民政府财政所')).toBe('马桥镇');
    // Not a Minhang unit: kept as written (the import warns about it).
    expect(normaliseTown('虹桥商务区管委会')).toBe('虹桥商务区');
    expect(normaliseTown('徐汇区')).toBe('徐汇区');
  });
});

describe('一级目标 as the form names it', () => {
  it('效益/指标 variants, and the national framework’s 满意度指标 / 成本指标 under the form’s 影响力目标 / 产出目标', async () => {
    const { normaliseLevel1 } = await import('../../src/lib/import/normalise');
    expect(
      ['投入和管理', '产出指标', '效益指标', '影响力目标', '满意度指标', '服务对象满意度指标', '成本指标', '其他目标'].map(normaliseLevel1),
    ).toEqual(['投入与管理', '产出目标', '效果目标', '影响力目标', '影响力目标', '影响力目标', '产出目标', '其他目标']);
  });
});
