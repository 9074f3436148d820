/**
 * A filter value typed by a person (CLI flag, URL parameter) checked against what is loaded: the
 * keyboard's 1-8月 is the data's 1–8月, and a value that matches nothing is refused with the choices,
 * never answered with zeros.
 */
/** One value a filter can take, as the filter-options query lists them. */
export interface ChoiceOption {
  kind: 'town' | 'year' | 'round' | 'unit';
  value: string;
}

export type ChoiceKind = ChoiceOption['kind'];
export const CHOICE_LABEL: Record<ChoiceKind, string> = { town: '街镇', year: '年度', round: '轮次', unit: '预算单位' };

/** 1-8月, 1~8月, 1—8月, 1至8月, 1-8 → 1–8月 (the label the data carries). */
export function normaliseRound(raw: string): string {
  const m = /^\s*(\d{1,2})\s*(?:月)?\s*[-–—~～至到]\s*(\d{1,2})\s*月?\s*$/.exec(raw);
  return m ? `${Number(m[1])}–${Number(m[2])}月` : raw.trim();
}

export type Choice = { value: string } | { error: string };

export function checkChoice(kind: ChoiceKind, raw: string, options: ChoiceOption[]): Choice {
  const values = options
    .filter((o) => o.kind === kind)
    .map((o) => o.value)
    .filter((v) => v !== null && v !== '');
  const value = kind === 'round' ? normaliseRound(raw) : raw.trim();
  if (values.includes(value)) return { value };
  const shown = values.length > 30 ? `${values.slice(0, 30).join('、')} 等 ${values.length} 个` : values.join('、');
  return { error: `${CHOICE_LABEL[kind]}「${raw}」不在已加载的数据中。可选：${shown || '（无数据）'}` };
}
