/** Does an ECharts option draw no data at all (every series empty)? Then the chart says 无数据 in words. */
export function isEmptyOption(option: object): boolean {
  const series = (option as { series?: unknown }).series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return list.every((s) => {
    const d = (s as { data?: unknown }).data;
    return (
      !Array.isArray(d) ||
      d.length === 0 ||
      d.every(
        (v) =>
          v === null ||
          v === undefined ||
          (Array.isArray((v as { value?: unknown }).value) && (v as { value: unknown[] }).value.length === 0),
      )
    );
  });
}

export const EMPTY_TEXT = '无数据：当前筛选条件下没有记录';
