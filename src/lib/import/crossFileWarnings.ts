/**
 * What a load says across files, in SQL over everything loaded (this load and earlier ones): indicator
 * rows whose report is not loaded, reports that no longer count (the same 报告编号, or the same project and
 * round, loaded again), and indicator sets a file replaced. Each says its totals, also past the 5,000 lines
 * listed of a kind in a file.
 */
import type { Engine } from '../engine/types';
import type { ReplacedIndicators } from '../db/store';
import { sameRoundKey } from '../db/views/current';
import { notListed, type FileReport } from './report';

const WARN_LIMIT = 5000;

/** Indicator sets this file replaced: one line per report, or one summary line past 20 reports. */
export function warnReplaced(report: FileReport, replaced: ReplacedIndicators[]): void {
  const tail = '计入本文件的指标（同一报告的指标按整套替换，不重复累计）';
  if (replaced.length <= 20) {
    for (const r of replaced) {
      report.warnings.push({
        row: 0,
        column: '报告编号',
        reason: `报告编号 ${r.report_id} 的指标已由本文件重新提供：之前从 ${r.old_file} 加载的 ${r.rows} 条指标不再计入，${tail}`,
      });
    }
    return;
  }
  const rows = replaced.reduce((s, r) => s + r.rows, 0);
  const files = [...new Set(replaced.map((r) => r.old_file))].join('、');
  report.warnings.push({
    row: 0,
    column: '报告编号',
    reason: `${replaced.length} 份报告（${replaced
      .slice(0, 20)
      .map((r) => r.report_id)
      .join('、')} 等）的指标已由本文件重新提供：之前从 ${files} 加载的 ${rows} 条指标不再计入，${tail}`,
  });
}

interface Superseded {
  l_seq: number;
  l_file: string;
  l_row: number;
  l_id: string;
  w_seq: number;
  w_file: string;
  w_row: number;
  w_id: string;
  why: string;
  what: string;
}

/**
 * What spans files, in SQL over everything loaded (this load and earlier ones): indicator rows whose
 * report is not loaded, and reports that do not count because another report of the same 报告编号, or of
 * the same project and round, does (docs/domain-rules.md). Each warning goes to the file of this load
 * that holds the row that does not count (or, if that row was loaded earlier, the row that now counts).
 * Run after the store's refresh: the current reports are report_facts' rows (one per report that
 * counts, chosen once by the refresh, not again here).
 */
export async function crossFileWarnings(engine: Engine, bySeq: Map<number, FileReport>): Promise<void> {
  const seqs = [...bySeq.keys()];
  if (seqs.length === 0) return;
  const inLoad = `(${seqs.map((s) => String(Math.trunc(s))).join(', ')})`;
  // Indicator rows whose report is not loaded: counted per file (they count in no report), each file's listed up to the limit.
  const orphanOf = `FROM indicators i WHERE i.load_seq IN ${inLoad} AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = i.report_id)`;
  const orphanCounts = await engine.query<{ load_seq: number; n: number }>(
    `SELECT i.load_seq, count(*)::INTEGER AS n ${orphanOf} GROUP BY 1`,
  );
  if (orphanCounts.length) {
    const orphans = await engine.query<{ load_seq: number; source_row: number; report_id: string }>(
      `SELECT i.load_seq, i.source_row, i.report_id ${orphanOf}
       QUALIFY row_number() OVER (PARTITION BY i.load_seq ORDER BY i.source_row) <= ${WARN_LIMIT} ORDER BY i.load_seq, i.source_row`,
    );
    for (const { load_seq, n } of orphanCounts) {
      const r = bySeq.get(load_seq);
      if (!r) continue;
      r.indicatorsNotCounted = n;
      const listed = orphans.filter((o) => o.load_seq === load_seq).length;
      if (listed < n) {
        notListed(
          r,
          n - listed,
          '报告编号',
          `本文件共有 ${n} 条指标找不到所属的项目报告（已加载的项目表中没有这些报告），不计入任何报告；以下只列出前 ${listed} 条`,
        );
      }
    }
    for (const o of orphans) {
      bySeq.get(o.load_seq)?.warnings.push({
        row: o.source_row,
        column: '报告编号',
        reason: `找不到报告编号为 ${o.report_id} 的项目报告（已加载的项目表中没有这份报告），该指标不计入任何报告`,
      });
    }
  }
  const cols = (t: string) =>
    `${t}.load_seq AS ${t[0]}_seq, ${t}.source_file AS ${t[0]}_file, ${t}.source_row AS ${t[0]}_row, ${t}.report_id AS ${t[0]}_id`;
  const notSame = 'NOT (l.load_seq = w.load_seq AND l.source_row = w.source_row)';
  const touches = `(l.load_seq IN ${inLoad} OR w.load_seq IN ${inLoad})`;
  const round = `w.town || ' · ' || w.budget_unit || ' · ' || w.project_name || ' · ' || CAST(year(w.period_end) AS VARCHAR) || '年 ' || CAST(month(w.period_start) AS VARCHAR) || '–' || CAST(month(w.period_end) AS VARCHAR) || '月'`;
  const sameIdFrom = `FROM projects l JOIN projects_by_id w ON l.report_id = w.report_id WHERE ${notSame} AND ${touches}`;
  const sameRoundFrom = `FROM projects_by_id l JOIN report_facts w ON ${sameRoundKey('l')
    .map((k, n) => `${k} = ${sameRoundKey('w')[n]}`)
    .join(' AND ')} WHERE ${notSame} AND ${touches}`;
  // Each warning goes to one file of this load (see below); each file's are listed up to the limit.
  const to = `CASE WHEN l.load_seq IN ${inLoad} THEN l.load_seq ELSE w.load_seq END`;
  const firstOfFile = `QUALIFY row_number() OVER (PARTITION BY ${to} ORDER BY l.load_seq, l.source_row) <= ${WARN_LIMIT}`;
  const sameId = await engine.query<Superseded>(
    `SELECT ${cols('l')}, ${cols('w')}, '后加载的一份计入' AS why, '' AS what
     ${sameIdFrom} ${firstOfFile} ORDER BY l.load_seq, l.source_row`,
  );
  const sameRound = await engine.query<Superseded>(
    `SELECT ${cols('l')}, ${cols('w')},
       CASE WHEN l.report_date IS NOT NULL AND w.report_date IS NOT NULL AND l.report_date <> w.report_date THEN '填报日期较晚（' || CAST(w.report_date AS VARCHAR) || '）的一份计入'
            WHEN w.report_date IS NOT NULL AND l.report_date IS NULL THEN '有填报日期的一份计入'
            ELSE '后加载的一份计入' END AS why,
       ${round} AS what
     ${sameRoundFrom} ${firstOfFile} ORDER BY l.load_seq, l.source_row`,
  );
  /** The file of this load a pair's warning goes to: the row that does not count, else the one that does (as `to`). */
  const warnedSeq = (d: { l_seq: number; w_seq: number }) => (bySeq.has(d.l_seq) ? d.l_seq : d.w_seq);
  const listedOf = (list: Superseded[], seq: number) => list.filter((d) => warnedSeq(d) === seq).length;
  if (seqs.some((q) => listedOf(sameId, q) === WARN_LIMIT || listedOf(sameRound, q) === WARN_LIMIT)) {
    // Past the listing limit the totals are still said: how many loaded rows do not count, and each file's
    // count of such warnings (those not listed counted in its total).
    const [{ n }] = await engine.query<{ n: number }>(
      'SELECT ((SELECT count(*) FROM projects) - (SELECT count(*) FROM report_facts))::INTEGER AS n',
    );
    const totals = await engine.query<{ seq: number; n: number }>(
      `SELECT seq, count(*)::INTEGER AS n FROM (SELECT ${to} AS seq ${sameIdFrom} UNION ALL SELECT ${to} AS seq ${sameRoundFrom}) GROUP BY seq`,
    );
    for (const t of totals) {
      const r = bySeq.get(t.seq);
      const listed = listedOf(sameId, t.seq) + listedOf(sameRound, t.seq);
      if (!r || t.n <= listed) continue;
      notListed(
        r,
        t.n - listed,
        '报告编号',
        `已加载的数据中共有 ${n} 行项目报告因重复或被更正而不计入统计；本文件的 ${t.n} 条此类提示，以下只列出 ${listed} 条`,
      );
    }
  }
  // How many of each file's reports do not count, for its counts line (the warnings list them).
  const uncounted = await engine.query<{ load_seq: number; n: number }>(
    `SELECT p.load_seq, count(*)::INTEGER AS n FROM projects p
     WHERE p.load_seq IN ${inLoad}
       AND NOT EXISTS (SELECT 1 FROM report_facts c WHERE c.load_seq = p.load_seq AND c.source_row = p.source_row)
     GROUP BY 1`,
  );
  for (const u of uncounted) {
    const r = bySeq.get(u.load_seq);
    if (r) r.projectsNotCounted = u.n;
  }
  const at = (file: string, row: number) => `${file} 第 ${row} 行`;
  for (const d of [...sameId, ...sameRound]) {
    // A space only between Chinese and a file name, as the rest of the report writes it.
    const and = (other: string) => (/^[\x21-\x7e]/.test(other) ? `与 ${other}` : `与${other}`);
    const pair = (self: string, other: string, selfId: string, otherId: string) =>
      d.what
        ? `${self}（报告编号 ${selfId}）${and(other)}（报告编号 ${otherId}）是同一项目同一轮次（${d.what}）的两份报告`
        : `${self}${and(other)}的报告编号同为 ${selfId}，是重复的报告`;
    const loser = bySeq.get(d.l_seq);
    if (loser) {
      loser.warnings.push({
        row: d.l_row,
        column: '报告编号',
        reason: `${pair('本行', at(d.w_file, d.w_row), d.l_id, d.w_id)}；${d.why}：计入 ${at(d.w_file, d.w_row)}，本行不计入统计`,
      });
    } else {
      bySeq.get(d.w_seq)?.warnings.push({
        row: d.w_row,
        column: '报告编号',
        reason: `${pair('本行', `之前加载的 ${at(d.l_file, d.l_row)}`, d.w_id, d.l_id)}；${d.why}：计入本行，${at(d.l_file, d.l_row)} 不再计入统计`,
      });
    }
  }
}
