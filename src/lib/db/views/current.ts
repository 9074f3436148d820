/**
 * One report per project and round (docs/domain-rules.md): a project is 街镇 + 预算单位 + 项目名称 + budget
 * year, a round its months. The same 报告编号 twice counts once (the one loaded last); of two reports of one
 * project and round, the later 填报日期 counts, then the one loaded last.
 */
export function sameRoundKey(alias = ''): string[] {
  const c = (id: string) => (alias ? `${alias}.${id}` : id);
  return [
    c('town'),
    c('budget_unit'),
    c('project_name'),
    `year(${c('period_end')})`,
    `month(${c('period_start')})`,
    `month(${c('period_end')})`,
  ];
}
export const CURRENT_PROJECTS_SQL = `
CREATE OR REPLACE VIEW projects_by_id AS
SELECT * FROM projects QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY load_seq DESC, source_row DESC) = 1;
CREATE OR REPLACE VIEW projects_current AS
SELECT * FROM projects_by_id
QUALIFY row_number() OVER (PARTITION BY ${sameRoundKey().join(', ')} ORDER BY report_date DESC NULLS LAST, load_seq DESC, source_row DESC) = 1;`;
