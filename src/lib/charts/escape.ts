/** ECharts renders tooltip strings as HTML: every piece of data goes through this first. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A tooltip made of lines of plain text (each escaped), joined with <br/>. */
export function tooltipLines(lines: unknown[]): string {
  return lines.map(escapeHtml).join('<br/>');
}
