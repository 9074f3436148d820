import { describe, expect, it } from 'vitest';
import { classifyIndicator } from '../../src/lib/domain/indicatorStatus';

const st = (e: string | null, a: string | null, t: string | null = null) => classifyIndicator(e, a, t).status;

describe('indicator completion', () => {
  it('not applicable: blank, or 跟踪期不涉及 — never a failure, never a success', () => {
    expect(st('', '')).toBe('na');
    expect(st(null, null, '90%')).toBe('na');
    expect(st('跟踪期不涉及', '跟踪期不涉及')).toBe('na');
    // A dash or a slash is how a blank cell is written; 「无」 is a value (无安全事故).
    expect(st('-', '-')).toBe('na');
    expect(st('/', '—')).toBe('na');
    expect(st('-', '-', '-')).toBe('na');
    expect(st('无', '无')).toBe('met');
  });
  it('千分位 and changes written as 降低/提高 X', () => {
    expect(st('≥1000人次', '1,200人次')).toBe('met');
    expect(st('≥1,000人次', '800人次')).toBe('partial');
    expect(st('降低10%', '降低12%')).toBe('met');
    expect(st('降低10%', '降低4%')).toBe('not_met');
    expect(st('提高5%', '提高5%')).toBe('met');
  });
  it('「未发生」「无」: none of what the indicator counts — met against a target of none or at most, not against at least', () => {
    expect(st('0起', '未发生')).toBe('met');
    expect(st('无', '无重大安全事故')).toBe('met');
    expect(st('杜绝', '未发生')).toBe('met');
    expect(st('无安全事故', '未发生安全事故')).toBe('met');
    expect(st('≤3次', '无')).toBe('met');
    expect(st('≥3次', '无')).toBe('not_met');
    expect(st('100%', '无')).toBe('not_met');
    expect(st('按期', '延期')).toBe('not_met');
    expect(st('有效', '成效显著')).toBe('met');
  });
  it('words before a number say nothing more: 已完成90% of 100% is partial, 完成率96% meets ≥95%', () => {
    expect(st('100%', '已完成90%')).toBe('partial');
    expect(st('≥95%', '完成率96%')).toBe('met');
    expect(st('1000人次', '累计完成1,200人次')).toBe('met');
    expect(st('100%', '已完成')).toBe('met');
  });
  it('numbers with units and signs', () => {
    expect(st('100%', '100%')).toBe('met');
    expect(st('≥90%', '95%')).toBe('met');
    expect(st('≥90%', '85%')).toBe('partial');
    expect(st('100%', '30%')).toBe('not_met');
    expect(st('1次', '1次')).toBe('met');
    expect(st('≥24场', '12场')).toBe('partial');
    expect(st('≤100%', '98%')).toBe('met');
    expect(st('50%', '54.77%')).toBe('met');
  });
  it('万/亿 in a quantity: 1万人次 is 10000人次, 30万元 is 300000元', () => {
    expect(classifyIndicator('1万人次', '12000人次')).toEqual({ status: 'met', reason: '完成 12000人次，达到目标 1万人次' });
    expect(st('≥1.5万人次', '8000人次')).toBe('partial');
    expect(st('≥1.5万人次', '5000人次')).toBe('not_met');
    expect(st('≤30万元', '280000元')).toBe('met');
    expect(st('≤30万元', '28.5万元')).toBe('met');
    expect(st('30万元', '25万元')).toBe('partial');
    expect(st('1.2亿元', '1.3亿元')).toBe('met');
  });
  it('＞ / 高于 / 超过 are strict, ＜ / 低于 too; ≥ / 不低于 are not', () => {
    expect(classifyIndicator('＞80%', '80%')).toEqual({ status: 'partial', reason: '完成 80%，未达到目标 ＞80%' });
    expect(st('>80%', '80.5%')).toBe('met');
    expect(st('高于90%', '90%')).toBe('partial');
    expect(st('超过100户', '101户')).toBe('met');
    expect(st('<5%', '5%')).toBe('partial');
    expect(st('低于5%', '4%')).toBe('met');
    expect(st('≥80%', '80%')).toBe('met');
    expect(st('不低于80%', '80%')).toBe('met');
    expect(st('不高于10%', '10%')).toBe('met');
  });
  it('a range target: met inside it, and above it unless it is money', () => {
    const c = (e: string, a: string) => Object.values(classifyIndicator(e, a));
    expect([c('80%-90%', '85%'), c('80%～90%', '95%'), c('80%-90%', '70%'), c('50-60万元', '65万元'), c('0-5次', '3次')]).toEqual([
      ['met', '完成 85%，达到目标 80%-90%'],
      ['met', '完成 95%，高于目标区间 80%～90%'],
      ['partial', '完成 70%，未达到目标 80%-90%'],
      ['partial', '完成 65万元，超出目标区间 50-60万元'],
      ['met', '完成 3次，达到目标 0-5次'],
    ]);
  });
  it('the same words around one number compare the numbers — not where less is better or the number is a date', () => {
    expect(classifyIndicator('每月2次', '每月1次')).toEqual({ status: 'partial', reason: '完成 每月1次，未达到目标 每月2次' });
    expect(st('每月2次', '每月3次')).toBe('met');
    expect(st('覆盖10个社区', '覆盖3个社区')).toBe('not_met');
    // 11月底前 is earlier than 12月底前 (better), 不超过1次 fewer than 3: left to the other rules, never 未达到.
    expect(classifyIndicator('12月底前完成', '11月底前完成').reason).not.toMatch(/未达到/);
    expect(classifyIndicator('投诉不超过3次', '投诉不超过1次').reason).not.toMatch(/未达到/);
    expect(classifyIndicator('排名第3名', '排名第1名').reason).not.toMatch(/未达到/);
  });
  it('qualitative words', () => {
    expect(st('充分', '100%')).toBe('met');
    expect(st('及时', '及时')).toBe('met');
    expect(st('及时', '较及时')).toBe('partial');
    expect(st('健全', '基本健全')).toBe('partial');
    expect(st('完成', '未完成')).toBe('not_met');
    expect(st('提升', '有所提升')).toBe('met');
    expect(st('完成', '')).toBe('not_met');
  });
  it('zero targets fail on any occurrence; the reason says 超过 for "at most" and 未达到 for "at least" targets', () => {
    const c = (e: string, a: string) => {
      const r = classifyIndicator(e, a);
      return [r.status, r.reason];
    };
    expect([
      c('0起', '2起'),
      c('0起', '0起'),
      c('0件', '1'),
      c('0', '0'),
      c('≤5天', '30天'),
      c('≤100%', '105%'),
      c('≤5天', '4天'),
      c('≥90%', '85%'),
      c('≥24场', '6场'),
      c('≥90%', '95%'),
    ]).toEqual([
      ['not_met', '完成 2起，目标 0起 为零发生，实际已发生'],
      ['met', '完成 0起，达到目标 0起（零发生）'],
      ['not_met', '完成 1，目标 0件 为零发生，实际已发生'],
      ['met', '完成 0，达到目标 0（零发生）'],
      ['not_met', '完成 30天，远超目标 ≤5天'],
      ['partial', '完成 105%，超过目标 ≤100%'],
      ['met', '完成 4天，未超过目标 ≤5天'],
      ['partial', '完成 85%，未达到目标 ≥90%'],
      ['not_met', '完成 6场，远未达到目标 ≥24场'],
      ['met', '完成 95%，达到目标 ≥90%'],
    ]);
  });
});
