/** Number formatting as the bureau writes it: 元 with two decimals, 万元 for totals, percents with one/two decimals. */
const yuanFmt = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function formatYuan(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${yuanFmt.format(v)} 元`;
}

/** 万元 with two decimals: 36453.4 → 3.65 万元. */
export function formatWan(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${yuanFmt.format(v / 10000)} 万元`;
}

export function formatPct(ratio: number | null | undefined, digits = 1): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

export function formatInt(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : intFmt.format(v);
}

/**
 * A text's width in half-width characters: a CJK or full-width character takes about two, a digit or
 * letter about one (1.1). For laying text out where it cannot be measured (an exported sheet's row
 * heights, a chart title's line breaks).
 */
export function textWidth(s: string): number {
  return [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1.1), 0);
}
