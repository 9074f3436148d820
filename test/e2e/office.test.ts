/**
 * The meeting outputs opened by a real office suite: the three command-line tools write the deck,
 * the 通报 and the appendix workbook; LibreOffice converts each (PDF, CSV); the 通报's PDF text holds
 * the figures the summary CLI prints. A page of each is rendered to PNG under test-results/ to look at.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { repoRoot } from '../../src/lib/engine/node';
import { formatInt, formatPct, formatWan } from '../../src/lib/domain/format';

const OUT = path.join(repoRoot, 'test-results', 'office');
const run = (args: string[]) =>
  execFileSync('node', ['--import', 'tsx', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const soffice = (file: string, to: string) =>
  execFileSync(
    'soffice',
    ['--headless', `-env:UserInstallation=file://${path.join(OUT, 'lo-profile')}`, '--convert-to', to, '--outdir', OUT, file],
    {
      encoding: 'utf8',
      timeout: 240_000,
    },
  );
const pdfPages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
const png = (pdf: string, name: string) => execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', pdf, path.join(OUT, name)]);

describe('deck, 通报 and appendix from the command line, opened by LibreOffice', () => {
  beforeAll(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    run(['scripts/outputs.ts', 'pack', '--year', '2024', '--out', path.join(OUT, 'deck.pptx')]);
    run(['scripts/outputs.ts', 'report', '--year', '2024', '--out', path.join(OUT, 'report.docx')]);
    run(['scripts/outputs.ts', 'appendix', '--year', '2024', '--out', path.join(OUT, 'appendix.xlsx')]);
  }, 300_000);

  it('the deck converts to PDF with one page per slide, and holds native charts', () => {
    const files = unzipSync(new Uint8Array(fs.readFileSync(path.join(OUT, 'deck.pptx'))));
    const slides = Object.keys(files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length;
    expect(Object.keys(files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(6);
    soffice(path.join(OUT, 'deck.pptx'), 'pdf');
    expect(pdfPages(path.join(OUT, 'deck.pdf'))).toBe(slides);
    png(path.join(OUT, 'deck.pdf'), 'deck');
  }, 300_000);

  it('the 通报 converts to PDF whose text holds the summary CLI’s headline figures', () => {
    const s = JSON.parse(run(['scripts/summary.ts', '--year', '2024', '--json']));
    soffice(path.join(OUT, 'report.docx'), 'pdf');
    const pdf = path.join(OUT, 'report.pdf');
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(2);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const figure of [
      formatInt(s.headline.reports),
      formatWan(s.headline.budget_base),
      formatPct(s.headline.exec_rate),
      `红灯项目${s.warnings.red}个`,
    ])
      expect(text).toContain(figure.replace(/\s+/g, ''));
    png(pdf, 'report');
  }, 300_000);

  it('the appendix workbook converts (its first sheet to CSV, every sheet to PDF)', () => {
    soffice(path.join(OUT, 'appendix.xlsx'), 'csv:Text - txt - csv (StarCalc):44,34,76'); // 76: UTF-8
    const csv = fs.readFileSync(path.join(OUT, 'appendix.csv'), 'utf8');
    expect(csv.split('\n')[1]).toContain('等级');
    soffice(path.join(OUT, 'appendix.xlsx'), 'pdf');
    expect(pdfPages(path.join(OUT, 'appendix.pdf'))).toBeGreaterThan(1);
    png(path.join(OUT, 'appendix.pdf'), 'appendix');
  }, 300_000);
});
