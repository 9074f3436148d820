/**
 * Indicator completion: met / partial / not_met / na, from 应完成的绩效目标值 (or the annual target
 * when the stage target is blank) against 完成百分比或情况描述. Rules in docs/domain-rules.md.
 */
import type { IndicatorStatus } from '../contract/rows';
import { RULES } from './rules';
import { isBlankText } from '../contract/values';

export type { IndicatorStatus };

/**
 * Bumped whenever these rules change: the status is stored at import, so a snapshot made under other
 * rules holds other statuses and is not used (part of `schemaVersion`). 2: dashes as blank, 千分位, 降低/提高 X,
 * 「未发生」「无」 against a target of none, 延期 negative, 显著 positive; 满意度指标/成本指标 as 一级 put under
 * 影响力目标/产出目标 (import/normalise.ts, stored with the status). 3: 万/亿 in a quantity (1万人次 is 10000人次),
 * ＞ / 高于 / 超过 strict, a range target (80%-90%), the same words around one number (每月2次 against 每月1次).
 */
export const STATUS_RULES_VERSION = 3;

export const STATUS_LABEL: Record<IndicatorStatus, string> = {
  met: '已完成',
  partial: '部分完成',
  not_met: '未完成',
  na: '不适用',
};

export interface StatusResult {
  status: IndicatorStatus;
  reason: string;
}

const NOT_APPLICABLE = /不涉及|不适用|尚未开展考核|年底考核|年末评价|期末统计/;
const NEGATIVE = /未|不|没有|无法|滞后|延迟|延误|延期|逾期|超期|缺失|欠缺|差/;
/** 「未发生」「无」「无重大安全事故」: nothing happened — zero of whatever the indicator counts. */
const NONE_HAPPENED =
  /^(未发生|未出现|未发现|没有发生|无发生|零发生|杜绝|无|零)(.{0,10}(事故|投诉|事件|案件|差错|违规|违纪|问题|情况))?$|^(无|零).{0,8}(事故|投诉|事件|案件|差错|违规|违纪)$/;
/** A target of none: 无, 杜绝, 不发生, 无安全事故, 零事故. */
const NONE_TARGET = /^(无|杜绝|不发生|零|未发生)|^(无|零).{0,8}(事故|投诉|事件|案件|差错|违规|违纪)$/;
const PARTIAL = /较|基本|部分|有待|一般|尚可|初步|逐步|正在|推进中|进行中/;
const POSITIVE =
  /充分|有效|明确|及时|完成|提升|提高|稳定|健全|合格|达标|规范|满意|良好|到位|符合|完善|准确|合理|正常|已|是|达到|保障|落实|持续|显著|明显|成效/;

interface Num {
  value: number;
  unit: string;
  /** at least, at most, more than, less than, exactly; `hi`: the upper end of a range target (80%-90%). */
  op: 'ge' | 'le' | 'gt' | 'lt' | 'eq';
  hi?: number;
}

/** 1.5万人次 is 15000人次, 30万元 is 300000元, 1.2亿元 is 120000000元: the unit compared without its 万/亿. */
function scaled(value: number, unit: string): { value: number; unit: string } {
  const m = /^(万|亿)(.*)$/.exec(unit);
  return m ? { value: value * (m[1] === '万' ? 1e4 : 1e8), unit: m[2] } : { value, unit };
}

function toHalf(s: string): string {
  return (
    s
      .replace(/[０-９．％，]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\s+/g, '')
      // 千分位: 1,200人次 is 1200.
      .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
  );
}

function parseNum(raw: string): Num | null {
  // 「已完成90%」「完成率95%」「累计完成1200人次」: the words before the number say nothing more.
  const s = toHalf(raw).replace(/^(已完成|完成率为?|累计完成|累计|完成|达到|实现|为)(?=[-\d])/, '');
  // 80%-90% / 80%～90% / 80%至90%: a range (met inside it; see classifyIndicator for above it).
  const r = /^(\d+(?:\.\d+)?)([^\d]{0,4}?)(?:-|－|~|～|—|至|到)(\d+(?:\.\d+)?)([^\d]{0,4})$/.exec(s);
  if (r && (r[2] === '' || r[2] === r[4])) {
    const lo = scaled(Number(r[1]), r[4]);
    const hi = scaled(Number(r[3]), r[4]);
    if (lo.value < hi.value) return { value: lo.value, unit: lo.unit, op: 'ge', hi: hi.value };
  }
  // 降低10% / 提高5个百分点: a change of at least that much (a larger reduction meets a reduction target).
  const m =
    /^(≥|>=|＞=|≤|<=|＜=|>|<|＞|＜|不低于|不少于|不超过|不高于|至少|高于|大于|多于|超过|低于|小于|少于|降低|下降|减少|压减|提高|提升|增长|增加)?(-?\d+(?:\.\d+)?)([^\d]*)$/.exec(
      s,
    );
  if (!m) return null;
  let unit = m[3] ?? '';
  let op: Num['op'] = 'ge';
  if (m[1] && /≤|<=|＜=|不超过|不高于/.test(m[1])) op = 'le';
  else if (m[1] && /^(>|＞|高于|大于|多于|超过)$/.test(m[1])) op = 'gt';
  else if (m[1] && /^(<|＜|低于|小于|少于)$/.test(m[1])) op = 'lt';
  if (/以内|以下|内$/.test(unit)) {
    op = op === 'lt' ? 'lt' : 'le';
    unit = unit.replace(/以内|以下|内$/, '');
  }
  unit = unit.replace(/以上|及以上$/, '');
  if (unit.length > 4) return null; // a sentence, not a quantity
  return { op, ...scaled(Number(m[2]), unit) };
}

/** A frame where the number is a date, a rank or a duration, or fewer is better. */
const LESS_IS_BETTER =
  /#(年|月|日|号|时|天|周|分钟|小时|个工作日|个月|名)|第#|前|底|以内|以下|内$|超过|高于|低于|小于|少于|控制|减少|降低|下降|压减|≤|<|＜|投诉|事故|差错/;

/**
 * The same words around one number (每月2次 / 每月1次, 覆盖3个社区 / 覆盖2个社区): the text with the number
 * taken out, and the number; null when there is no number, or more than one.
 */
function framedNumber(raw: string): { frame: string; value: number } | null {
  const s = toHalf(raw);
  const nums = s.match(/\d+(?:\.\d+)?/g);
  if (!nums || nums.length !== 1) return null;
  const frame = s.replace(/\d+(?:\.\d+)?/, '#');
  // Not where a smaller number is the better one, or the number is a date or a rank (12月底前, 第1名, 不超过3次).
  if (!/^[^#]{1,6}#[^#]{0,4}$/.test(frame) || LESS_IS_BETTER.test(frame)) return null;
  return { frame, value: Number(nums[0]) };
}

/** A target missed: 部分完成 at `indicatorPartialRatio` of it or more (`ratio`: how much of it was done), else 未完成. */
function missed(ratio: number, act: string, target: string, near = '未达到', far = '远未达到'): StatusResult {
  return ratio >= RULES.indicatorPartialRatio
    ? { status: 'partial', reason: `完成 ${act}，${near}目标 ${target}` }
    : { status: 'not_met', reason: `完成 ${act}，${far}目标 ${target}` };
}

export function classifyIndicator(expected: string | null, actual: string | null, annualTarget: string | null = null): StatusResult {
  // A dash or a slash is a blank cell as the towns write one (「-」「—」「/」), not a value.
  const exp = isBlankText(expected) ? '' : (expected ?? '').trim();
  const act = isBlankText(actual) ? '' : (actual ?? '').trim();
  if ((exp === '' && act === '') || NOT_APPLICABLE.test(exp) || NOT_APPLICABLE.test(act)) {
    return { status: 'na', reason: '跟踪期不涉及' };
  }
  if (act === '') return { status: 'not_met', reason: '应完成值已填，完成情况未填' };
  const target = exp !== '' ? exp : isBlankText(annualTarget) ? '' : (annualTarget ?? '').trim();
  const tn = parseNum(target);
  const none = NONE_HAPPENED.test(toHalf(act));
  // Against a number, 「无」「未发生」 is 0 of it (0起 met, ≤3次 met, ≥3次 not).
  const an = parseNum(act) ?? (none && tn ? { value: 0, unit: tn.unit, op: 'eq' as const } : null);
  if (none && !tn && NONE_TARGET.test(toHalf(target))) return { status: 'met', reason: `完成情况为「${act}」，目标 ${target} 为不发生` };
  if (an && tn && (tn.unit === an.unit || an.unit === '' || tn.unit === '')) {
    // A target of 0 (0起, 0件, 0次) is "none at all": any occurrence fails, whatever sign was written.
    if (
      tn.value === 0 &&
      tn.hi === undefined &&
      tn.op !== 'le' &&
      tn.op !== 'lt' &&
      !/^(≥|>=|＞=|>|＞|不低于|不少于|至少)/.test(toHalf(target))
    ) {
      return an.value <= 1e-9
        ? { status: 'met', reason: `完成 ${act}，达到目标 ${target}（零发生）` }
        : { status: 'not_met', reason: `完成 ${act}，目标 ${target} 为零发生，实际已发生` };
    }
    const atMost = tn.op === 'le' || tn.op === 'lt';
    const ok =
      tn.op === 'le'
        ? an.value <= tn.value + 1e-9
        : tn.op === 'lt'
          ? an.value < tn.value - 1e-9
          : tn.op === 'gt'
            ? an.value > tn.value + 1e-9
            : an.value >= tn.value - 1e-9;
    if (ok && tn.hi !== undefined && an.value > tn.hi + 1e-9) {
      // Above a range: over budget where it is money, beyond the range (and met) for any other quantity.
      return tn.unit === '元'
        ? { status: 'partial', reason: `完成 ${act}，超出目标区间 ${target}` }
        : { status: 'met', reason: `完成 ${act}，高于目标区间 ${target}` };
    }
    if (ok) return { status: 'met', reason: atMost ? `完成 ${act}，未超过目标 ${target}` : `完成 ${act}，达到目标 ${target}` };
    // "At most" targets are missed by going over them (or reaching a 「低于」 one); "at least" targets by falling short.
    return atMost
      ? missed(an.value === 0 ? 1 : tn.value / an.value, act, target, '超过', '远超')
      : missed(an.value / tn.value, act, target);
  }
  if (an && an.unit === '%' && !tn) {
    if (an.value >= 100 - 1e-9) return { status: 'met', reason: `完成 ${act}` };
    if (an.value / 100 >= RULES.indicatorPartialRatio) return { status: 'partial', reason: `完成 ${act}` };
    return { status: 'not_met', reason: `完成 ${act}` };
  }
  if (act === target) return { status: 'met', reason: `完成情况与目标一致（${act}）` };
  const af = framedNumber(act);
  const tf = framedNumber(target);
  if (af && tf && af.frame === tf.frame && tf.value > 0) {
    if (af.value >= tf.value - 1e-9) return { status: 'met', reason: `完成 ${act}，达到目标 ${target}` };
    return missed(af.value / tf.value, act, target);
  }
  const half = toHalf(act);
  if (NEGATIVE.test(half) && !/不断|无误|无事故|无投诉|零/.test(half)) {
    return { status: 'not_met', reason: `完成情况为「${act}」` };
  }
  if (PARTIAL.test(half)) return { status: 'partial', reason: `完成情况为「${act}」` };
  if (POSITIVE.test(half)) return { status: 'met', reason: `完成情况为「${act}」` };
  return { status: 'partial', reason: `完成情况「${act}」无法自动判断，按部分完成计` };
}
