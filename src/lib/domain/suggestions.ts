/**
 * 工作建议 drafted per problem category for the 监控情况通报 (a starting text the bureau edits; the
 * report marks the section as a draft). Keyed by the categories of problemTaxonomy.ts.
 */
import { categoryLabel } from './problemTaxonomy';

const SUGGESTIONS: Record<string, string> = {
  budget_detail: '加强预算编制的细化和测算：申报时列明单价、数量和测算依据，财政部门在评审中对测算依据不足的项目予以退回完善。',
  target_setting: '完善绩效目标和指标设置：指标应可量化、可考核，与预算和实施内容相对应，对目标值缺失或难以衡量的指标限期修改。',
  exec_lag: '加快预算执行：对执行率低于时间进度的项目逐一排查原因、明确支付节点，对红灯项目实行月度跟踪并在下一轮监控中重点复核。',
  impl_lag: '加快项目实施：对进度滞后的项目压实实施单位责任，制定倒排计划，确有困难的及时申请调整。',
  finance: '规范资金使用和财务管理：严格按规定用途使用资金，完善凭证和核算，加强内部审核。',
  system: '健全管理制度：完善项目管理、考核和内部控制制度，建立常态化的监督检查机制。',
  procurement: '规范政府采购和合同管理：按规定履行采购程序，加强合同履约管理和验收。',
  archive: '完善项目档案管理：及时归集过程资料和绩效佐证材料，做到资料完整、可查可考。',
  publicity: '加强宣传和公开：通过多种渠道宣传项目内容和成效，提高服务对象知晓率。',
  sustainability: '建立长效管理机制：明确后续运维责任和经费来源，保障项目效益持续发挥。',
  capacity: '加强队伍和能力建设：充实项目管理力量，开展绩效管理业务培训。',
};

export function suggestionFor(category: string): string {
  return SUGGESTIONS[category] ?? `针对「${categoryLabel(category)}」问题，督促相关单位查明原因、制定整改措施并在下一轮监控中复核。`;
}
