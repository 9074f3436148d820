/**
 * When a chart may update its option in place instead of drawing it anew.
 *
 * ECharts' `setOption(o)` merges `o` into what it holds: a property the new option leaves out keeps its
 * old value (a stale highlight, a stale mark line). `notMerge: true` avoids that by building every
 * component again (axes, tooltip, legend), which is most of a redraw's cost. An option of the same
 * shape as the previous one — the same keys at the same paths, the same number of components, values
 * of the same kind — sets every property the previous one had, so merging it leaves nothing stale.
 *
 * Arrays inside a component (series data, axis categories, colours) are replaced whole by a merge, so
 * they are leaves here; the top-level component lists (series, xAxis, …) are merged item by item —
 * matched by id, then by name, then by place — so their items are walked, and their ids and names are
 * part of the shape (series in another order are drawn anew, not merged into each other's places).
 */
export function optionShape(option: object): string {
  const out: string[] = [];
  walk(option, '', true, out);
  return out.join('\n');
}

function kind(v: unknown): string {
  if (v === undefined) return 'u';
  if (v === null) return 'n';
  if (Array.isArray(v)) return 'a';
  return typeof v === 'object' ? 'o' : 'v';
}

function walk(value: object, path: string, top: boolean, out: string[]): void {
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    const p = `${path}.${key}`;
    const k = kind(v);
    if (top && Array.isArray(v)) {
      // A component list: its length and each item's shape (a plain value stands for itself).
      out.push(`${p}:a${v.length}`);
      v.forEach((item, i) => {
        const ik = kind(item);
        out.push(`${p}[${i}]:${ik}`);
        if (ik !== 'o') return;
        // A merge matches items by id, then by name: the same ones must stand at the same places.
        const { id, name } = item as { id?: unknown; name?: unknown };
        out.push(`${p}[${i}]=${JSON.stringify([id ?? null, name ?? null])}`);
        walk(item as object, `${p}[${i}]`, false, out);
      });
      continue;
    }
    out.push(`${p}:${k}`);
    if (k === 'o') walk(v as object, p, false, out);
  }
}
