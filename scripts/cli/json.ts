/**
 * JSON of a command's figures. Sums of money over thousands of rows come out of the engine as
 * binary doubles (1069855161.1099997 for 1,069,855,161.11 元): every number is written with at most
 * 12 significant digits, far below a cent of any district total and below any ratio the page shows.
 */
export function figuresJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v), 2);
}
