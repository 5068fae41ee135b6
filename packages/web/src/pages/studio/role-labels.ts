/** Business roles of the county manifests, in words (the studio's role map, a user's 个人信息). */
const ROLE_LABELS: Record<string, string> = {
  declarant: '申报（填报）',
  'department-reviewer': '主管部门审核',
  'first-reviewer': '初审',
  'second-reviewer': '复审',
  approver: '批复',
  'final-accounts-approver': '决算批复',
  'pre-assessment-reviewer': '事前评估审核',
  'data-provider': '数据提供',
  'evaluation-organizer': '评价组织',
  'disclosure-reviewer': '公开审核',
  expert: '专家',
  'third-party': '第三方机构',
  leadership: '领导审议',
  oversight: '监督（只读）',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;
