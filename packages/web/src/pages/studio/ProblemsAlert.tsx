import { Alert } from 'antd';
import type { LintProblem } from './admin-api';

/** The lint's problems (what would stop publishing), one line each as `pm validate` prints them. */
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
              {p.file}
              {p.location ? `#${p.location}` : ''}：{p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
