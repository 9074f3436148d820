/** The 报告编号 of a report that gives none: stable, from 街镇名称 + 项目名称 + 跟踪时段 (the data contract). */
import { fnv64 } from './hash';

export function deriveReportId(town: string, project: string, start: string, end: string): string {
  return `R${fnv64(`${town}|${project}|${start}|${end}`)}`;
}
