/**
 * Deterministic sample generator: realistic tracking reports for the 14 units of 闵行区.
 * Same options → byte-identical output. Also used (with larger options) by the benchmark.
 */
import { MINHANG_TOWNS } from '../../src/lib/contract/columns';
import { PROBLEM_PHRASES, PROJECT_TEMPLATES, SATISFACTION } from './phrases';
import { SEED_INDICATORS, SEED_PROJECT } from './seed';

export interface GenOptions {
  years: number[];
  /** Tracking rounds as the month the period ends (e.g. 6 → 1–6月, 8 → 1–8月). */
  rounds: number[];
  projectsPerUnit: number;
  towns?: readonly string[];
  seed?: number;
}

export const SAMPLE_OPTIONS: GenOptions = { years: [2022, 2023, 2024, 2025], rounds: [6, 8], projectsPerUnit: 24 };

export interface GenProject {
  report_id: string;
  town: string;
  project_name: string;
  budget_unit: string;
  implementing_unit: string;
  period_start: string;
  period_end: string;
  is_recurring: boolean;
  budget_initial: number;
  budget_executed: number;
  execution_rate_reported: string;
  needs_adjustment: boolean;
  budget_adjusted: number | null;
  adjust_decrease: number;
  adjust_increase: number;
  pre_assessment_budget: number;
  focus_reason: string;
  stage_conclusion: string;
  budget_outlook: string;
  target_outlook: string;
  problems: string;
  measures: string;
  background: string;
  implementation: string;
  remarks: string;
  report_date: string;
}

export interface GenIndicator {
  report_id: string;
  level1: string;
  level2: string;
  level3: string;
  annual_target: string;
  expected_value: string;
  actual: string;
  deviation: string;
  deviation_reason: string;
  corrective_action: string;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const r2 = (n: number) => Math.round(n * 100) / 100;
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function unitName(town: string, dept: string): string {
  if (town === '莘庄工业区') return `闵行区莘庄工业区管委会${dept}`;
  return town.endsWith('街道') ? `闵行区${town}办事处${dept}` : `闵行区${town}人民政府${dept}`;
}

const CONCLUSION_TEXT = {
  运行正常: ['运行正常（执行率和目标完成度均在75%以上）'],
  轻度偏差: ['轻度偏差（执行率或目标完成度在50%-75%之间）', '存在一定偏差（执行率或目标完成度在50%（含）-75%之间）'],
  严重偏差: ['严重偏差（执行率或目标完成度在50%以下）', '偏差较大，严重偏差（执行率或目标完成度低于50%）'],
};

export function generate(opts: GenOptions): { projects: GenProject[]; indicators: GenIndicator[] } {
  const rnd = mulberry32(opts.seed ?? 20240831);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const towns = opts.towns ?? MINHANG_TOWNS;
  const projects: GenProject[] = [];
  const indicators: GenIndicator[] = [];
  const lastProblems = new Map<string, string[]>();

  towns.forEach((town, ti) => {
    // Each town has its own pool of projects; most recur every year.
    const pool = Array.from({ length: opts.projectsPerUnit + 4 }, (_, k) => {
      const tpl = PROJECT_TEMPLATES[(ti * 7 + k) % PROJECT_TEMPLATES.length];
      const lap = Math.floor(k / PROJECT_TEMPLATES.length);
      return {
        tpl,
        name:
          lap === 0
            ? tpl.name
            : `${tpl.name}（${['二期', '三期', '四期', '五期', '六期', '七期', '八期', '九期'][(lap - 1) % 8]}${lap > 8 ? lap : ''}）`,
      };
    });
    for (const year of opts.years) {
      const chosen = pool.filter(() => rnd() > 4 / (opts.projectsPerUnit + 4)).slice(0, opts.projectsPerUnit);
      const list: { name: string; tpl: (typeof PROJECT_TEMPLATES)[number]; seed?: boolean }[] = chosen.map((c) => ({ ...c }));
      if (town === '华漕镇') list.push({ name: SEED_PROJECT.project_name, tpl: PROJECT_TEMPLATES[0], seed: true });
      list.forEach((p, pi) => {
        const drawn = r2(Math.exp(Math.log(p.tpl.min) + rnd() * (Math.log(p.tpl.max) - Math.log(p.tpl.min))));
        const seedYear = p.seed === true && year === SEED_PROJECT.year;
        const initial = seedYear ? SEED_PROJECT.budget_initial : drawn;
        const adjust = rnd() < 0.15 && !seedYear;
        const factor = adjust ? 0.7 + rnd() * 0.6 : 1;
        const adjusted = r2(initial * factor);
        const adjBlank = !adjust && rnd() < 0.1;
        const h = rnd();
        const health = h < 0.68 ? 'good' : h < 0.88 ? 'mild' : 'severe';
        const paceBase = health === 'good' ? 0.92 + rnd() * 0.4 : health === 'mild' ? 0.55 + rnd() * 0.2 : 0.1 + rnd() * 0.3;
        const recurring = rnd() < 0.7;
        const key = `${town}|${p.name}`;
        const carried = lastProblems.get(key) ?? [];
        let cats: string[] = [];
        if (health !== 'good') cats.push(rnd() < 0.7 ? 'exec_lag' : 'impl_lag');
        for (const c of carried) if (rnd() < 0.45 && !cats.includes(c)) cats.push(c);
        if (cats.length === 0 || rnd() < 0.5) {
          const c = pick([
            'budget_detail',
            'budget_detail',
            'target_setting',
            'target_setting',
            'archive',
            'capacity',
            'finance',
            'system',
            'procurement',
            'publicity',
            'sustainability',
          ]);
          if (!cats.includes(c)) cats.push(c);
        }
        cats = cats.slice(0, 3);
        lastProblems.set(key, cats);
        const problemText = cats.map((c, i) => `（${i + 1}）${pick(PROBLEM_PHRASES[c].problems)}`).join('\n');
        const measureText = cats.map((c, i) => `（${i + 1}）${pick(PROBLEM_PHRASES[c].measures)}`).join('\n');
        let prevExecuted = 0;
        opts.rounds.forEach((endMonth, ri) => {
          const isSeed = p.seed && year === SEED_PROJECT.year && endMonth === 8;
          const tp = endMonth / 12;
          const base = adjusted;
          const pace = Math.max(0.02, paceBase + (rnd() - 0.5) * 0.1 + ri * 0.03);
          const executed = Math.max(prevExecuted, r2(Math.min(base, base * tp * pace)));
          prevExecuted = executed;
          const rate = base > 0 ? executed / base : 0;
          const reportId = `MH${year}${pad(endMonth)}-${pad(ti + 1)}-${pad(pi + 1)}`;
          // Indicators
          const inds: GenIndicator[] = [];
          const stageBlank = ri === 0 || rnd() < 0.6;
          const badCount = health === 'good' ? 0 : health === 'mild' ? 1 + Math.floor(rnd() * 2) : 2 + Math.floor(rnd() * 2);
          const rows: [string, string, string, string][] = [
            ['投入与管理', '项目立项', '立项依据充分性', '充分'],
            ['投入与管理', '资金落实', '预算执行率', '100%'],
            ['投入与管理', '业务管理', pick(['监督考核有效性', '管理制度健全性', '制度执行有效性']), pick(['有效', '健全'])],
            ['投入与管理', '财务管理', pick(['资金支付明确性', '资金使用合规性', '财务管理规范性']), pick(['明确', '合规', '规范'])],
            ...p.tpl.indicators.slice(0, 3).map((x) => ['产出目标', x[0], x[1], x[2]] as [string, string, string, string]),
            ['产出目标', '数量目标', '年度工作任务完成率', '100%'],
            ['产出目标', '时效目标', '资金支付及时性', '及时'],
            ['产出目标', '成本目标', '成本控制率', '≤100%'],
            ['效果目标', '社会效益目标', p.tpl.indicators[3][1], p.tpl.indicators[3][2]],
            ['效果目标', '社会效益目标', '社会公众知晓度', '提升'],
            ['效果目标', '可持续目标', '长效机制健全性', '健全'],
            ['影响力目标', '档案管理', '档案资料完整性', '完整'],
            ['影响力目标', '服务对象满意度目标', pick(SATISFACTION), '≥90%'],
          ];
          const badIdx = new Set<number>();
          while (badIdx.size < badCount) badIdx.add(4 + Math.floor(rnd() * 7));
          rows.forEach(([l1, l2, l3, annual], k) => {
            let expected = annual.replace(/^≥|^≤/, (m) => m);
            let actual = expected;
            let deviation = '',
              reason = '',
              action = '';
            if (l3 === '预算执行率') {
              expected = `${(tp * 100).toFixed(0)}%`;
              actual = `${(rate * 100).toFixed(2)}%`;
              if (rate < tp - 0.1) {
                deviation = `低于序时进度${((tp - rate) * 100).toFixed(1)}个百分点`;
                reason = '资金支付进度滞后';
                action = '加快资金支付进度';
              }
            } else if ((l2 === '可持续目标' || l2 === '服务对象满意度目标') && stageBlank) {
              expected = '';
              actual = '';
            } else if (l2 === '档案管理' && ri === 0 && rnd() < 0.5) {
              expected = '跟踪期不涉及';
              actual = '跟踪期不涉及';
            } else if (badIdx.has(k)) {
              const severe = health === 'severe' && rnd() < 0.6;
              const num = /^(≥|≤)?(\d+(?:\.\d+)?)(.*)$/.exec(annual);
              if (num && num[1] !== '≤') {
                const target = Number(num[2]);
                const share = severe ? 0.2 + rnd() * 0.25 : 0.6 + rnd() * 0.3;
                const v = num[3] === '%' ? Math.round(target * share) : Math.round(target * share);
                actual = `${v}${num[3]}`;
                deviation = `完成${actual}，未达到${annual}`;
              } else if (num && num[1] === '≤') {
                // A cap overrun (成本控制率 ≤100%): the cost went over budget (same draws as below, so the sample stays stable).
                if (!severe) pick(['较', '基本']);
                actual = severe ? `${Math.round(Number(num[2]) * 1.2)}${num[3]}` : `${Math.round(Number(num[2]) * 1.05)}${num[3]}`;
                deviation = `超出${annual}`;
              } else {
                actual = severe ? `未${annual.replace(/^(明显)?/, '')}` : pick(['较', '基本']) + annual.replace(/^(明显)?/, '');
                deviation = severe ? '未达到目标' : '基本达到，仍有差距';
              }
              reason = pick(['受项目实施进度影响', '前期手续办理时间较长', '合同签订滞后', '受天气及施工条件影响', '部分工作尚在推进中']);
              action = pick(['加快推进实施进度', '加强与实施单位沟通协调', '倒排工期，确保年底前完成', '督促供应商按合同履约']);
            } else if (/^≥?\d/.test(annual) && rnd() < 0.3) {
              const num = /^(≥)?(\d+(?:\.\d+)?)(.*)$/.exec(annual);
              if (num)
                actual = `${num[3] === '%' ? Math.min(100, Number(num[2]) + Math.floor(rnd() * 5)) : Math.round(Number(num[2]) * (1 + rnd() * 0.15))}${num[3]}`;
              expected = annual.replace(/^≥/, '');
            }
            inds.push({
              report_id: reportId,
              level1: l1,
              level2: l2,
              level3: l3,
              annual_target: annual,
              expected_value: expected,
              actual,
              deviation,
              deviation_reason: reason,
              corrective_action: action,
            });
          });
          // Conclusion from the numbers (band), with a few contradicting reports.
          const applicable = inds.filter((x) => x.expected_value !== '' && !x.expected_value.includes('不涉及'));
          const stageExec = Math.min(1, rate / tp);
          const metShare = 1 - (badIdx.size + (rate < tp - 0.1 ? 1 : 0)) / Math.max(1, applicable.length);
          const score = Math.min(stageExec, metShare);
          let band: keyof typeof CONCLUSION_TEXT = score >= 0.75 ? '运行正常' : score >= 0.5 ? '轻度偏差' : '严重偏差';
          if (band !== '运行正常' && rnd() < 0.12) band = '运行正常'; // reported better than the numbers
          const outlooks =
            band === '运行正常'
              ? [rnd() < 0.92 ? '确定能完成' : '有可能完成', rnd() < 0.95 ? '确定能完成' : '有可能完成']
              : band === '轻度偏差'
                ? [rnd() < 0.7 ? '有可能完成' : '确定能完成', rnd() < 0.6 ? '有可能完成' : '确定能完成']
                : [rnd() < 0.5 ? '确定不能完成' : '有可能完成', rnd() < 0.4 ? '确定不能完成' : '有可能完成'];
          const periodEnd = `${year}-${pad(endMonth)}-${pad(lastDay(year, endMonth))}`;
          const proj: GenProject = {
            report_id: reportId,
            town,
            project_name: p.name,
            budget_unit: unitName(town, p.tpl.dept),
            implementing_unit: p.tpl.dept,
            period_start: `${year}-01-01`,
            period_end: periodEnd,
            is_recurring: recurring,
            budget_initial: initial,
            budget_executed: executed,
            execution_rate_reported: `${(rate * 100).toFixed(2)}%`,
            needs_adjustment: adjust,
            budget_adjusted: adjBlank ? null : adjusted,
            adjust_decrease: adjust && factor < 1 ? r2(initial - adjusted) : 0,
            adjust_increase: adjust && factor > 1 ? r2(adjusted - initial) : 0,
            pre_assessment_budget: rnd() < 0.2 ? r2(initial * (1 + rnd() * 0.2)) : 0,
            focus_reason: pick([
              '镇、街道认为需开展重点跟踪的项目',
              '预算金额较大的项目',
              '社会关注度高、与民生密切相关的项目',
              '以前年度绩效评价结果较差的项目',
            ]),
            stage_conclusion: pick(CONCLUSION_TEXT[band]),
            budget_outlook: outlooks[0],
            target_outlook: outlooks[1],
            problems: problemText,
            measures: measureText,
            background: `${year}年${p.name}项目当年预算数为${(initial / 10000).toFixed(2)}万元，由${p.tpl.dept}具体实施。`,
            implementation: `截止${year}年${endMonth}月${lastDay(year, endMonth)}日，预算执行数${(executed / 10000).toFixed(2)}万元，执行率${(rate * 100).toFixed(2)}%。`,
            remarks: stageBlank ? '可持续目标与服务对象满意度目标跟踪期不涉及' : '',
            report_date: `${year}-${pad(endMonth + 1)}-${pad(10 + Math.floor(rnd() * 10))}`,
          };
          if (isSeed) {
            const s = SEED_PROJECT;
            Object.assign(proj, {
              implementing_unit: s.implementing_unit,
              budget_unit: s.budget_unit,
              is_recurring: s.is_recurring,
              budget_initial: s.budget_initial,
              budget_executed: s.budget_executed,
              execution_rate_reported: s.execution_rate_reported,
              needs_adjustment: s.needs_adjustment,
              budget_adjusted: s.budget_adjusted,
              adjust_decrease: s.adjust_decrease,
              adjust_increase: s.adjust_increase,
              pre_assessment_budget: s.pre_assessment_budget,
              focus_reason: s.focus_reason,
              stage_conclusion: s.stage_conclusion,
              budget_outlook: s.budget_outlook,
              target_outlook: s.target_outlook,
              problems: s.problems,
              measures: s.measures,
              background: s.background,
              implementation: s.implementation,
              remarks: s.remarks,
              report_date: s.report_date,
            });
            inds.length = 0;
            for (const [l1, l2, l3, annual, expected, actual] of SEED_INDICATORS) {
              inds.push({
                report_id: reportId,
                level1: l1,
                level2: l2,
                level3: l3,
                annual_target: annual,
                expected_value: expected,
                actual,
                deviation: '',
                deviation_reason: '',
                corrective_action: '',
              });
            }
          }
          projects.push(proj);
          indicators.push(...inds);
        });
      });
    }
  });
  return { projects, indicators };
}
