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
/**
 * The winners are chosen on the key columns only and the rows joined back by (load_seq, source_row),
 * which name one loaded row: a window over whole rows would carry every long text column through its
 * sort (a district's projects: 0.5 s per use of projects_current, which every refresh reads twice).
 */
const KEY_COLUMNS = 'report_id, town, budget_unit, project_name, period_start, period_end, report_date, load_seq, source_row';
const byRow = (k: string) => `${k}.load_seq = p.load_seq AND ${k}.source_row = p.source_row`;
export const CURRENT_PROJECTS_SQL = `
CREATE OR REPLACE VIEW projects_by_id_keys AS
SELECT ${KEY_COLUMNS} FROM projects
QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY load_seq DESC, source_row DESC) = 1;
CREATE OR REPLACE VIEW projects_current_keys AS
SELECT * FROM projects_by_id_keys
QUALIFY row_number() OVER (PARTITION BY ${sameRoundKey().join(', ')} ORDER BY report_date DESC NULLS LAST, load_seq DESC, source_row DESC) = 1;
CREATE OR REPLACE VIEW projects_by_id AS
SELECT p.* FROM projects p SEMI JOIN projects_by_id_keys k ON ${byRow('k')};
CREATE OR REPLACE VIEW projects_current AS
SELECT p.* FROM projects p SEMI JOIN projects_current_keys k ON ${byRow('k')};`;
