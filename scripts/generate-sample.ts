/**
 * Writes the bundled sample to data/: projects/indicators as CSV (Chinese form headers, UTF-8 BOM)
 * and as Parquet (English ids). Deterministic: running it twice gives identical files.
 *   npm run generate [-- --out DIR --years 2022-2025 --rounds 6,8 --per-unit 24]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { contractCsv } from '../src/lib/contract/csv';
import { INDICATOR_CSV_IDS, PROJECT_CSV_IDS } from '../src/lib/contract/exportRows';
import { generate, SAMPLE_OPTIONS, type GenIndicator, type GenOptions, type GenProject } from './sample/generate';
import { argValue } from './cli/dataDir';

/**
 * `byYear` writes one Parquet pair per budget year (projects-2024.parquet, indicators-2024.parquet):
 * how a city's exports arrive, and what keeps each file under the browser's per-file row limit.
 */
export function writeSample(
  outDir: string,
  opts: GenOptions,
  formats: ('csv' | 'parquet')[] = ['csv', 'parquet'],
  byYear = false,
): { projects: number; indicators: number } {
  const { projects, indicators } = generate(opts);
  fs.mkdirSync(outDir, { recursive: true });
  if (formats.includes('csv')) {
    const cn = (iso: string) => iso.replace(/^(\d{4})-(\d\d)-(\d\d)$/, '$1年$2月$3日');
    const prows = projects.map((p) => ({ ...p, period: `${cn(p.period_start)} --- ${cn(p.period_end)}` }));
    fs.writeFileSync(
      path.join(outDir, 'projects.csv'),
      contractCsv(
        'projects',
        prows.map((r) => ({ ...r, district: '闵行区' })),
        PROJECT_CSV_IDS,
      ),
    );
    fs.writeFileSync(
      path.join(outDir, 'indicators.csv'),
      contractCsv('indicators', indicators as unknown as Record<string, string>[], INDICATOR_CSV_IDS),
    );
  }
  if (formats.includes('parquet')) {
    if (!byYear) writeParquetPair(outDir, '', projects, indicators);
    else {
      const yearOf = new Map(projects.map((p) => [p.report_id, p.period_end.slice(0, 4)]));
      for (const y of [...new Set(yearOf.values())].sort()) {
        writeParquetPair(
          outDir,
          `-${y}`,
          projects.filter((p) => yearOf.get(p.report_id) === y),
          indicators.filter((i) => yearOf.get(i.report_id) === y),
        );
      }
    }
  }
  return { projects: projects.length, indicators: indicators.length };
}

function writeParquetPair(outDir: string, suffix: string, P: GenProject[], I: GenIndicator[]): void {
  const col = <T extends object>(rows: T[], name: keyof T & string, type: 'STRING' | 'DOUBLE' | 'BOOLEAN') => ({
    name,
    type,
    data: rows.map((r) => (r[name] === '' ? null : r[name])),
  });
  fs.writeFileSync(
    path.join(outDir, `projects${suffix}.parquet`),
    Buffer.from(
      parquetWriteBuffer({
        columnData: [
          col(P, 'report_id', 'STRING'),
          col(P, 'town', 'STRING'),
          col(P, 'project_name', 'STRING'),
          col(P, 'budget_unit', 'STRING'),
          col(P, 'implementing_unit', 'STRING'),
          col(P, 'period_start', 'STRING'),
          col(P, 'period_end', 'STRING'),
          col(P, 'is_recurring', 'BOOLEAN'),
          col(P, 'budget_initial', 'DOUBLE'),
          col(P, 'budget_executed', 'DOUBLE'),
          col(P, 'execution_rate_reported', 'STRING'),
          col(P, 'needs_adjustment', 'BOOLEAN'),
          col(P, 'budget_adjusted', 'DOUBLE'),
          col(P, 'adjust_decrease', 'DOUBLE'),
          col(P, 'adjust_increase', 'DOUBLE'),
          col(P, 'pre_assessment_budget', 'DOUBLE'),
          col(P, 'focus_reason', 'STRING'),
          col(P, 'stage_conclusion', 'STRING'),
          col(P, 'budget_outlook', 'STRING'),
          col(P, 'target_outlook', 'STRING'),
          col(P, 'problems', 'STRING'),
          col(P, 'measures', 'STRING'),
          col(P, 'background', 'STRING'),
          col(P, 'implementation', 'STRING'),
          col(P, 'remarks', 'STRING'),
          col(P, 'report_date', 'STRING'),
        ],
      }),
    ),
  );
  fs.writeFileSync(
    path.join(outDir, `indicators${suffix}.parquet`),
    Buffer.from(
      parquetWriteBuffer({
        columnData: (
          [
            'report_id',
            'level1',
            'level2',
            'level3',
            'annual_target',
            'expected_value',
            'actual',
            'deviation',
            'deviation_reason',
            'corrective_action',
          ] as const
        ).map((n) => col(I, n, 'STRING')),
      }),
    ),
  );
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const years = (argValue(process.argv, 'years') ?? '').match(/^(\d{4})-(\d{4})$/);
  const opts: GenOptions = {
    ...SAMPLE_OPTIONS,
    ...(years ? { years: Array.from({ length: Number(years[2]) - Number(years[1]) + 1 }, (_, i) => Number(years[1]) + i) } : {}),
    ...(argValue(process.argv, 'rounds') ? { rounds: argValue(process.argv, 'rounds')!.split(',').map(Number) } : {}),
    ...(argValue(process.argv, 'per-unit') ? { projectsPerUnit: Number(argValue(process.argv, 'per-unit')) } : {}),
  };
  const out = argValue(process.argv, 'out') ?? 'data';
  const n = writeSample(out, opts);
  console.log(`已生成示例数据到 ${out}/：${n.projects} 份项目跟踪报告，${n.indicators} 条指标。`);
}
