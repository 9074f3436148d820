/**
 * Load reports for export files, through the same import code as the browser:
 *   npm run check-data -- FILE... [--json]
 * Files are read together (so indicator rows can find their reports). Exits 1 when any file
 * was refused, 2 on a usage error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { kindText, loadedText, warningsText, type FileReport } from '../src/lib/import/report';
import { engineFor } from './cli/dataDir';

export function reportText(r: FileReport): string {
  if (r.status === 'refused') return `✗ ${r.file}：未加载。${r.refusedReason}`;
  const lines = [
    `✓ ${r.file}（${kindText(r).replace(/ · /g, '，')}${r.encoding ? `，${r.encoding}` : ''}）：读取 ${r.rowsRead} 行，加载 ${r.rowsLoaded} 行（${loadedText(r)}），拒收 ${r.rowsRejected} 行，${warningsText(r)}`,
  ];
  for (const x of r.rejected) for (const i of x.issues) lines.push(`  拒收 第 ${x.row} 行「${i.column}」：${i.reason}`);
  for (const w of r.warnings) lines.push(`  提示 ${w.row > 0 ? `第 ${w.row} 行` : '全文件'}「${w.column}」：${w.reason}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const paths = argv.filter((a) => a !== '--json');
  if (paths.length === 0) {
    console.error('用法：npm run check-data -- 文件... [--json]');
    return 2;
  }
  const missing = paths.filter((p) => !fs.existsSync(p) || !fs.statSync(p).isFile());
  if (missing.length) {
    console.error(`找不到文件：${missing.join('、')}`);
    return 2;
  }
  const { load } = await engineFor(paths);
  if (json) {
    console.log(
      JSON.stringify(
        {
          files: load.reports.map((r) => ({
            file: r.file,
            status: r.status,
            refusedReason: r.refusedReason,
            kind: r.kind,
            format: r.format,
            encoding: r.encoding,
            rowsRead: r.rowsRead,
            rowsLoaded: r.rowsLoaded,
            projectsLoaded: r.projectsLoaded,
            projectsNotCounted: r.projectsNotCounted ?? 0,
            indicatorsLoaded: r.indicatorsLoaded,
            rowsRejected: r.rowsRejected,
            unknownColumns: r.unknownColumns,
            rejected: r.rejected.map((x) => ({ row: x.row, issues: x.issues })),
            warnings: r.warnings,
          })),
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of load.reports) console.log(reportText(r));
  }
  return load.reports.some((r) => r.status === 'refused') ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
