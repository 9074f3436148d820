/** Shared look of every chart. Single quotes in fontFamily: double quotes break SVG export. */
export const FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const COLORS = {
  primary: '#1f5fa8',
  good: '#2e8b57',
  mild: '#e0a526',
  severe: '#c8372d',
  none: '#9aa4b1',
  line: '#c8372d',
  muted: '#5a6573',
};

export const CONCLUSION_COLORS: Record<string, string> = {
  运行正常: COLORS.good,
  轻度偏差: COLORS.mild,
  严重偏差: COLORS.severe,
  未填: COLORS.none,
};

export const BASE_OPTION = {
  textStyle: { fontFamily: FONT_FAMILY },
  animation: false,
  // A screen reader hears the chart described in words (in Chinese: the chart is initialised with locale ZH).
  aria: { enabled: true },
  grid: { left: 56, right: 24, top: 48, bottom: 72, containLabel: true },
};

/** The centred chart title every chart uses (and every export keeps). */
export function chartTitle(text: string) {
  return { text, left: 'center', textStyle: { fontSize: 15 } };
}

/** A bar's percentage above it, always with one decimal (94.0%, not 94%), as the tables and the tooltip write it. */
export const PCT_BAR_LABEL = {
  show: true,
  position: 'top',
  fontSize: 10,
  // Read over a line drawn across it (时间进度 passes the bars' ends where the towns are close to it).
  backgroundColor: 'rgba(255, 255, 255, 0.85)',
  padding: [1, 2],
  borderRadius: 2,
  formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : ''),
};
