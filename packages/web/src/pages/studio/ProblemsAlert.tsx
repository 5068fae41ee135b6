import { Alert } from 'antd';
import type { LintProblem } from './admin-api';

const KIND = { county: '县区配置', form: '表单', process: '流程' } as const;

/** The lint's problems (what would stop publishing), each with where it is. */
export function ProblemsAlert({ problems }: { problems: LintProblem[] | undefined }) {
  if (!problems || problems.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message={`发布前需要解决 ${problems.length} 处问题`}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {problems.map((p, i) => (
            <li key={i}>
              {KIND[p.kind]} {p.artifactId}
              {p.path ? ` ${p.path}` : ''}：{p.message}
              {p.inBase ? '（基础文件中的问题）' : ''}
            </li>
          ))}
        </ul>
      }
    />
  );
}
