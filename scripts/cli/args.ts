/** Strict command-line flags for the analysts' tools (node:util parseArgs): an unknown flag or a flag without its value is an error. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export function parseFlags<S extends Record<string, 'string' | 'boolean'>>(argv: string[], spec: S, usage: string, positionals = false) {
  const options = Object.fromEntries(Object.entries(spec).map(([k, type]) => [k, { type }])) as { [K in keyof S]: { type: S[K] } };
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(m)?.[1];
    const missing = /Option '(--[^ ']+)[^']*' argument missing/.exec(m)?.[1];
    const ambiguous = /Option '(--[^ ']+)' argument is ambiguous/.exec(m)?.[1];
    const extra = /Unexpected argument '([^']+)'/.exec(m)?.[1];
    const text = unknown
      ? `未知的参数 ${unknown}`
      : missing
        ? `参数 ${missing} 缺少取值`
        : ambiguous
          ? `参数 ${ambiguous} 缺少取值（其后是另一个参数）`
          : extra
            ? `多余的参数：${extra}`
            : m;
    throw new UsageError(`${text}\n${usage}`);
  }
}

/**
 * Run a tool's `main` when its file is the one Node was started with (not when a test imports it):
 * its return value is the exit code; a UsageError exits 2, any other error 1, with its message.
 */
export function runWhenMain(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  const started = process.argv[1];
  if (!started || !moduleUrl.endsWith(started.split(/[\\/]/).pop()!)) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
