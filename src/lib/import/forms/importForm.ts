/**
 * One form file (text extraction or .docx) → contract rows + a load report, through the same
 * normalisers as CSV/Parquet. A form is one project row (row 1) and its indicator rows (rows 2…).
 * Doubtful fields are warnings; optional numbers that do not parse are left blank, not guessed.
 */
import { PROJECT_COLUMNS, INDICATOR_COLUMNS, chineseHeader, type ColumnDef } from '../../contract/columns';
import { looksLikeHeaderRow, mapHeaders, type HeaderMatch } from '../../contract/headers';
import { normaliseIndicator, normaliseProject } from '../normalise';
import type { IndicatorRow, ProjectRow } from '../../contract/rows';
import { loadingReport, type FileReport } from '../report';
import { FORM_TITLE, parseFormLines, splitForms, type ParsedForm } from './parseForm';

export interface ImportedForm {
  report: FileReport;
  projects: ProjectRow[];
  indicators: IndicatorRow[];
  parsed: ParsedForm | null;
}

/** Does this text look like a web page rather than a CSV or a text extraction? */
export function looksLikeHtml(text: string): boolean {
  return /<(!doctype\s+html|html|body|table)[\s>]/i.test(text.slice(0, 20000));
}

/**
 * A 单个文件网页 (.mht/.mhtml: the web format Word and WPS offer first under 另存为): a MIME message
 * whose parts are the page and its pictures. `head`: the file's first bytes as Latin-1.
 */
export function looksLikeMht(head: string): boolean {
  const top = head.slice(0, 4096).trimStart();
  return /^(MIME-Version|Content-Type|Content-Location|From|Subject|Date|X-[\w-]+)\s*:/i.test(top) && /multipart\/related/i.test(top);
}

/** Is this text a tracking form (rather than a CSV export)? */
export function looksLikeFormText(text: string): boolean {
  const head = text.slice(0, 4000);
  if (!FORM_TITLE.test(head)) return false;
  const lines = head
    .split(/\r\n|\n|\r/)
    .map((line) =>
      line.split(line.split('\t').length > line.split(',').length ? '\t' : ',').map((c) => c.replace(/^\ufeff/, '').replace(/^"|"$/g, '')),
    );
  return looksLikeFormLines(lines);
}

/**
 * Are these lines of cells (a text's, a workbook sheet's) a tracking form rather than a table? The
 * form's title is in its first 40 lines, and none of them is a header row with a key column (an export
 * whose title row names the form is still a table; the form's own indicator table has a header row
 * too, but no key column).
 */
export function looksLikeFormLines(lines: string[][]): boolean {
  const filled = lines.filter((cells) => cells.some((c) => c.trim() !== ''));
  if (!filled.slice(0, 40).some((cells) => cells.some((c) => FORM_TITLE.test(c)))) return false;
  return !filled
    .slice(0, 12)
    .some(
      (cells) =>
        looksLikeHeaderRow(cells) && mapHeaders('projects', cells).matched.some((m) => m.def.id === 'report_id' || m.def.id === 'town'),
    );
}

function headersFor(defs: ColumnDef[], record: Record<string, string>, scales: Record<string, number> = {}): Record<string, HeaderMatch> {
  const out: Record<string, HeaderMatch> = {};
  defs.forEach((def, index) => {
    if (record[def.id] !== undefined)
      out[def.id] = {
        index,
        header: chineseHeader(def),
        def,
        unit: scales[def.id] === 10000 ? '万元' : (def.unit ?? ''),
        scale: scales[def.id] ?? 1,
        ratio: false,
      };
  });
  return out;
}

/** The name of the k-th of several forms in one file (1-based), as its load report shows it. */
export const formFileName = (file: string, k: number) => `${file}（第 ${k} 份表单）`;

/**
 * Every form a file holds: one, or several one after another (each its own report, named
 * 「文件（第 k 份表单）」) — never one project with every form's indicators.
 */
export function importForms(name: string, lines: string[][], encoding?: string): ImportedForm[] {
  const forms = splitForms(lines);
  if (forms.length === 1) return [importForm(name, lines, 'form', encoding)];
  return forms.map((f, k) => importForm(formFileName(name, k + 1), f, 'form', encoding));
}

export function importForm(name: string, lines: string[][], format: 'form' = 'form', encoding?: string): ImportedForm {
  const parsed = parseFormLines(lines);
  const report = loadingReport({ file: name, format, encoding, kind: 'projects', rowsRead: 1 + parsed.indicators.length });

  for (const d of parsed.doubts) report.warnings.push({ row: 1, column: d.field, reason: d.reason });
  const projects: ProjectRow[] = [];
  const indicators: IndicatorRow[] = [];
  const p = normaliseProject({ cells: parsed.project, headers: headersFor(PROJECT_COLUMNS, parsed.project, parsed.scales) }, name, 1, {
    lenientMoney: true,
  });
  for (const w of p.warnings) report.warnings.push({ row: 1, ...w });
  if (p.errors !== undefined) {
    report.rejected.push({ row: 1, issues: p.errors, raw: parsed.project });
  } else projects.push(p.row);
  parsed.indicators.forEach((ind, k) => {
    const row = k + 2;
    if (!p.row) {
      report.rejected.push({
        row,
        issues: [{ column: '报告编号', reason: '所属项目的基本信息未能读取（见第 1 行），无法确定这条指标属于哪份报告' }],
        raw: ind,
      });
      return;
    }
    const cells = { ...ind, report_id: p.row.report_id };
    const r = normaliseIndicator({ cells, headers: headersFor(INDICATOR_COLUMNS, cells) }, name, row, k);
    for (const w of r.warnings) report.warnings.push({ row, ...w });
    if (r.errors !== undefined) report.rejected.push({ row, issues: r.errors, raw: ind });
    else indicators.push(r.row);
  });
  report.rowsRejected = report.rejected.length;
  report.projectsLoaded = projects.length;
  report.indicatorsLoaded = indicators.length;
  report.rowsLoaded = projects.length + indicators.length;
  return { report, projects, indicators, parsed };
}
