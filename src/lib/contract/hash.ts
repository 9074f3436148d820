/**
 * The one hash of the product: FNV-1a in two 32-bit lanes (64 bits as 16 hex digits). Stable across
 * runs and machines; used for derived 报告编号 (contract rule, docs/data-contract), the schema
 * version and the keys of cached query results. Not for secrets.
 */
export function fnv64(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}
