/**
 * A click on a chart, mapped back to the row behind it by the chart's own builder module, so views
 * never decode chart internals (data indexes, value arrays, reversed axes).
 */
export interface ChartEvent {
  name: string;
  dataIndex: number;
  value?: unknown;
  seriesName?: string;
}

export type Pick<Row> = (rows: Row[], e: ChartEvent) => Row | undefined;

/** Category-axis charts whose category label is the row's `key` (a town's bar, say). */
export function pickByName<Row, K extends keyof Row>(key: K): Pick<Row> {
  return (rows, e) => rows.find((r) => String(r[key]) === e.name);
}
