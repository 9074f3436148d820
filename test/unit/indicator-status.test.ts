import { describe, expect, it } from 'vitest';
import { classifyIndicator } from '../../src/lib/domain/indicatorStatus';

const st = (e: string | null, a: string | null, t: string | null = null) => classifyIndicator(e, a, t).status;

describe('indicator completion', () => {
  it('not applicable: blank, or 跟踪期不涉及 — never a failure, never a success', () => {
    expect(st('', '')).toBe('na');
    expect(st(null, null, '90%')).toBe('na');
    expect(st('跟踪期不涉及', '跟踪期不涉及')).toBe('na');
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
  it('qualitative words', () => {
    expect(st('充分', '100%')).toBe('met');
    expect(st('及时', '及时')).toBe('met');
    expect(st('及时', '较及时')).toBe('partial');
    expect(st('健全', '基本健全')).toBe('partial');
    expect(st('完成', '未完成')).toBe('not_met');
    expect(st('提升', '有所提升')).toBe('met');
    expect(st('完成', '')).toBe('not_met');
  });
});
