/**
 * The 存在问题 taxonomy: categories and the keywords that put a sentence in them. Edit here (or
 * see docs/problem-taxonomy.md): the list is loaded into DuckDB as the table `problem_taxonomy`
 * and every count of the 共性问题 view is a SQL join against it. A sentence may match several
 * categories; one that matches none is 其他.
 */
export interface ProblemCategory {
  id: string;
  label: string;
  keywords: string[];
}

export const PROBLEM_TAXONOMY: ProblemCategory[] = [
  {
    id: 'budget_detail',
    label: '预算编制不细化/测算依据不足',
    keywords: ['预算编制', '测算依据', '测算标准', '单价', '预算测算', '申报金额', '预算不够细', '预算不细', '预算依据', '编制不够'],
  },
  {
    id: 'target_setting',
    label: '绩效目标/指标设置不合理或未量化',
    keywords: ['绩效目标', '绩效指标', '指标设置', '未量化', '目标值', '指标体系', '难以衡量', '指标不够'],
  },
  {
    id: 'exec_lag',
    label: '预算执行进度滞后',
    keywords: ['执行进度', '执行率', '支付进度', '支付较慢', '拨付进度', '序时进度', '资金尚未', '结算', '资金支付滞后'],
  },
  {
    id: 'impl_lag',
    label: '项目实施进度滞后',
    keywords: ['实施进度', '工期', '开工', '未按计划时间', '未按计划完成', '时间节点', '进度不及预期', '推迟', '延期'],
  },
  { id: 'finance', label: '资金使用/财务管理不规范', keywords: ['资金使用', '财务', '凭证', '核算', '会计', '支出不规范', '票据'] },
  { id: 'system', label: '管理制度不健全', keywords: ['管理制度', '制度不', '考核办法', '内部控制', '内控', '监督检查', '管理办法'] },
  {
    id: 'procurement',
    label: '政府采购/合同管理不规范',
    keywords: ['采购', '合同管理', '合同条款', '合同签订', '招标', '履约', '验收要求'],
  },
  { id: 'archive', label: '档案资料不完整', keywords: ['档案', '台账', '资料不', '资料未', '过程资料', '过程性资料', '归档', '留存'] },
  { id: 'publicity', label: '宣传/满意度不足', keywords: ['宣传', '知晓', '满意度', '参与度', '反馈机制'] },
  { id: 'sustainability', label: '长效管理/可持续性', keywords: ['长效', '可持续', '后续运维', '管护', '运维保障'] },
  {
    id: 'capacity',
    label: '绩效管理意识/能力不足',
    keywords: ['绩效管理意识', '绩效意识', '重视程度', '业务能力', '绩效理念', '专业能力', '培训'],
  },
];

export const OTHER_CATEGORY: ProblemCategory = { id: 'other', label: '其他', keywords: [] };

export const ALL_CATEGORIES = [...PROBLEM_TAXONOMY, OTHER_CATEGORY];

export function categoryLabel(id: string): string {
  return ALL_CATEGORIES.find((c) => c.id === id)?.label ?? id;
}

/** One row per (category, keyword), as loaded into DuckDB. */
export function taxonomyRows(): { category: string; label: string; keyword: string; sort: number }[] {
  return PROBLEM_TAXONOMY.flatMap((c, i) => c.keywords.map((keyword) => ({ category: c.id, label: c.label, keyword, sort: i })));
}
