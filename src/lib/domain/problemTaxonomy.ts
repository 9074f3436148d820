/**
 * The 存在问题 taxonomy: categories and the phrase patterns that put a clause in them. Edit here
 * (or see docs/problem-taxonomy.md): the list is loaded into DuckDB as the table `problem_taxonomy`
 * and every count of the 共性问题 view is a SQL join against it. A sentence may match several
 * categories; one that matches none is 其他; one that says there is no problem has none.
 */
export interface ProblemCategory {
  id: string;
  label: string;
  /** RE2 patterns (as DuckDB's regexp_matches reads them): a clause matching one is in the category. */
  patterns: string[];
}

/**
 * The patterns are phrases by meaning, measured on the labelled corpus test/fixtures/problems/corpus.tsv
 * (`npm run classify -- --corpus …`): money not spent (exec_lag) is told from work not done
 * (impl_lag) by what is slow; a bare word that belongs to several categories (合同, 资料, 满意度,
 * 培训) only counts in the phrase that makes it a problem of one.
 */
export const PROBLEM_TAXONOMY: ProblemCategory[] = [
  {
    id: 'budget_detail',
    label: '预算编制不细化/测算依据不足',
    patterns: [
      '预算(编制|编报|测算|申报)',
      '测算(依据|标准|过程|明细)|经费测算|询价',
      '单价和数量|数量和单价',
      '(预算|经费).{0,4}(估算|估列|笼统|粗放|虚高|偏大|偏多|偏高|不准确|不精准|不细|未细化|未细分|偏离|遗漏)',
      '(预算|经费)[^，]{0,8}依据',
      '(与|和)预算(金额|数)?[^，]{0,4}(不匹配|脱节|不一致)',
      '(未经|缺乏|缺少)(论证|测算).{0,6}(列入|纳入)?预算|列入预算|费用构成|未充分考虑',
      '按(经验|总价|人均标准)估',
      '支出明细不清|合并列支|经济分类|历史数据支撑|估计不足',
      '预算(数|金额|安排)?(与|和)[^，]{0,8}(不匹配|脱节|差距|差异|偏离|偏差|相差|不一致)',
    ],
  },
  {
    id: 'target_setting',
    label: '绩效目标/指标设置不合理或未量化',
    patterns: [
      '(^|[^对])绩效目标',
      '指标.{0,10}(设置|设定|未量化|缺失|不完整|不清|模糊|口径|关联|偏低|保守|空泛|混淆|层级|占比|无法|难以|较少|偏重|定性|方法|不够完善|不完善)',
      '(缺少|缺失|未设置)[^，]{0,6}指标|指标缺失',
      '量化|目标值|指标值|定性描述|模糊表述|完成时限',
      '目标(设置|设定|未细化|不明确|表述|笼统|未根据)',
      '难以(衡量|考核)',
    ],
  },
  {
    id: 'exec_lag',
    label: '预算执行进度滞后',
    patterns: [
      '执行(率|进度|数)|资金执行|序时|时间进度|结算',
      '(支付|拨付|支出|付款|使用)(进度|率)',
      '(支付|拨付|支出|付款)(率|比例)?.{0,3}(偏低|较低|不足|低于)',
      '(支付|拨付|支出|付款|使用).{0,4}(滞后|缓慢|较慢|偏慢|不及时|落后)',
      '(资金|款项?|尾款|工程款|合同款|首付款).{0,8}(未|尚未|没有|待|无法|未能)(及时|按期|按时)?(支付|拨付|使用|支出|付|花|动用)',
      '(资金|款项).{0,6}(不及时|滞后|缓慢|较慢|偏慢|沉淀|结余|较少|偏少|未动用|闲置)|支出(较少|偏少)',
      '(还没|尚未)(花|支付|使用|拨付|支出)|仅(支付|完成一次付款)|集中支付',
    ],
  },
  {
    id: 'impl_lag',
    label: '项目实施进度滞后',
    patterns: [
      '(实施|施工|工程|建设|推进|开发|安装|调试|整体)进度',
      '进度(不及预期|晚于)|晚于预期|启动时间较晚|滞后于.{0,4}计划|没有达到.{0,4}计划|未按.{0,4}计划[^，]{0,4}(完成|开展|实施|推进|进行|建设|完工)|(比|较)计划(晚|滞后|推迟)|推进受阻',
      '(^|[^付行出用拨])进度(滞后|缓慢|落后|慢于|较慢|偏慢)',
      '(未|尚未|没有)(完成)?(开工|启动|完工|上线)|(开工|启动|完工|上线|到货)(较晚|推迟|滞后)',
      '推迟|延期|延后|推后|延误|延迟|周期延长|暂停',
      '(未能|无法|难以)(在)?(按期|按时|如期|按计划|年内|计划时间)',
      '(实施|推进|进展|施工|工程|(^|[^度])建设)(较慢|缓慢|偏慢|滞后)',
      '(未能|无法|难以)按.{0,8}(完成|完工|交付)',
      '前期(手续|筹备|准备|论证)|设计阶段|无法正常开展',
    ],
  },
  {
    id: 'finance',
    label: '资金使用/财务管理不规范',
    patterns: [
      '超范围|超标准|超出标准|(跨年度|违规)列支|列支科目',
      '发票|票据|凭证|核算|报销|财务|会计',
      '专款专用|挤占|挪用|混用|以拨代支|支出审核|把关不严',
      '(支付|费用).{0,4}依据(不充分|不足)',
      '审批(程序|手续).{0,4}(不完整|不全|缺失)|先(付款|支付)',
      '签收|发放标准|现金支付|(规定|约定)用途|审批(手续|程序)|(即|先)支付|虚列|专账|超出[^，]{0,4}(范围|批复)|使用范围',
      '(资金|经费)(使用|管理).{0,4}不(够)?规范',
    ],
  },
  {
    id: 'system',
    label: '管理制度不健全',
    patterns: [
      '制度.{0,4}(不够?|尚不|未)(健全|完善)|制度.{0,6}(缺失|未建立|执行不到位|落实不够)|制度建设滞后|缺乏制度',
      '(考核|评价|监管|监督|督办|激励约束|防控|检查)(机制|制度|办法|规定)|管理(制度|办法|规定)',
      '(机制|制度|办法)(不健全|不完善|缺失)|职责(不清|不明确)',
      '(未建立|尚未建立|缺少|缺乏|未形成)[^长意反]{0,12}(机制|制度|办法|规定)',
      '内控|内部控制|职责分工|责任落实|监管缺位|过程监督|管理流程',
    ],
  },
  {
    id: 'procurement',
    label: '政府采购/合同管理不规范',
    patterns: [
      '采购|招标|招投标|比价|中标|履约|供应商|直接指定|公开竞争|竞争性|补签合同|(未按|违反)合同约定',
      '合同(条款|签订|金额|管理|中未约定|未明确)|合同(尚未|未)签订|(未签|先实施后签|未签订)合同|补充协议|续签合同|合同.{0,4}不规范',
      '验收(程序|考核)|未.{0,8}验收',
    ],
  },
  {
    id: 'archive',
    label: '档案资料不完整',
    patterns: [
      '档案|归档|佐证|存放混乱',
      '台账.{0,4}(不全|缺失|未建立|不完整|不规范|登记不及时|记录不全)',
      '(资料|材料|记录|文件|文档|日志|照片|影像|签到表?|确认单|纪要)[^，]{0,6}(不全|不完整|缺失|丢失|不足|不及时|未保存|未留存|断续|不规范|混乱)',
      '(缺少|缺失)(照片|确认单)|(收集|整理|存档)不及时|基础数据(不完整|缺失)|(未|没有)[^，]{0,4}(留存|保存|存档|整理)',
      '资料[^，]{0,4}(不齐|不全)|(缺少|缺失|没有)[^，]{0,4}(影像|照片|资料|记录)',
    ],
  },
  {
    id: 'publicity',
    label: '宣传/满意度不足',
    patterns: [
      '宣传|知晓|群众参与|反馈(渠道|机制)|意见收集|投诉|评价不高|不了解|覆盖面|不满意|(意见|反馈)[^，]{0,4}(不及时|不畅)',
      '满意(度|程度)?.{0,4}(不高|偏低|有待|不足|尚未|未)|满意度调查.{0,4}(尚未|未|样本)|(未|尚未)(开展|进行).{0,6}(调查|测评)|评价(一般|较低)',
      '参与(热情|积极性|度|人数)(不高|偏低|少|较少|不足)',
    ],
  },
  {
    id: 'sustainability',
    label: '长效管理/可持续性',
    patterns: [
      '长效|可持续|持续性|管护|运维|养护|移交|自我造血|延续|长期保持',
      '(后续|后期|日常|长期)(维护|管理|运维|运营|养护|跟踪|规划|资金)',
      '(维护|运行维护)(费用|资金|经费|力量|机制|单位)|结束后[^，]{0,6}(跟踪|管理|资金|运营|运行|维护)|后续管理单位',
      '(后续|后期)[^，]{0,4}(维护|运行|运营|管理)',
    ],
  },
  {
    id: 'capacity',
    label: '绩效管理意识/能力不足',
    patterns: [
      '绩效(管理)?(意识|理念|观念)|重资金分配轻绩效',
      '重视(不够|程度不够|不足)',
      '(理解|掌握|认识)(不到位|不够|不足)|不熟悉',
      '(业务|专业)(能力|水平)|流于形式|重形式|专业性不足|自身能力不足|填报质量不高|衔接不畅',
      '(专业|绩效管理)人员(不足|缺乏)|(缺少|缺乏).{0,8}专业人员|(未|没有|缺少).{0,10}培训',
    ],
  },
];

/**
 * A clause that says there is no problem (未发现明显问题、暂无、运行正常、按计划推进 …): it is not
 * matched against the categories, and a sentence of such clauses only has no category at all
 * (not 其他). An RE2 pattern, as DuckDB's regexp_matches reads it.
 */
export const NO_PROBLEM_CLAUSE = [
  '^(无|暂无|没有|未发现|暂未发现)(问题)?$',
  '(未发现|没有发现|未见|暂未发现|未出现|不存在)[^，]{0,12}(问题|偏差|异常|情况|事项)',
  '(暂无|无)(明显|重大|其他|异常|需要说明|需要整改|需整改)?(的)?(问题|偏差|异常)',
  '(运行|进展|实施|推进|开展)(总体)?(正常|顺利|良好)|(总体|情况)(良好|正常)',
  '(^|[^未不没能法])(按计划|按时|如期|按期)(推进|实施|完成|拨付|开展)',
  '(执行|实施|运行)情况(良好|正常)',
  '(效果|质量)(较好|良好)$',
  // A lead-in clause (经跟踪，…) says nothing by itself.
  '^(经(跟踪|核查|自查|检查|了解)|目前|截至目前|总体来看|总体上|综上)$',
].join('|');

export const OTHER_CATEGORY: ProblemCategory = { id: 'other', label: '其他', patterns: [] };

export const ALL_CATEGORIES = [...PROBLEM_TAXONOMY, OTHER_CATEGORY];

export function categoryLabel(id: string): string {
  return ALL_CATEGORIES.find((c) => c.id === id)?.label ?? id;
}

/** One row per (category, pattern), as loaded into DuckDB. */
export function taxonomyRows(): { category: string; label: string; pattern: string; sort: number }[] {
  return PROBLEM_TAXONOMY.flatMap((c, i) => c.patterns.map((pattern) => ({ category: c.id, label: c.label, pattern, sort: i })));
}
