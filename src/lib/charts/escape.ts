/** ECharts renders tooltip strings as HTML: every piece of data goes through this first. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tooltip made of lines of plain text (each escaped), joined with <br/>. */
export function tooltipLines(lines: unknown[]): string {
  return lines.map(escapeHtml).join('<br/>');
}

/** An axis tooltip that describes the hovered row in lines of plain text. */
export function axisTooltip<R>(rows: R[], lines: (row: R) => unknown[]) {
  return {
    trigger: 'axis',
    formatter: (items: { dataIndex: number }[]) => {
      const r = rows[items[0]?.dataIndex ?? 0];
      return r === undefined ? '' : tooltipLines(lines(r));
    },
  };
}
