import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { useUser } from '../../auth/session';
import { canEditCounty, canUseStudio } from './access';

/** The studio is for a county's admins and the superadmin; anyone else gets a plain refusal. */
export function StudioGuard({ children }: { children: ReactNode }) {
  const user = useUser();
  const { county } = useParams();
  if (!canUseStudio(user) || (county && !canEditCounty(user, county)))
    return (
      <Result
        status="403"
        title="无权访问配置工作台"
        subTitle="只有本县区的管理员可以修改表单、流程和参数。"
      />
    );
  return <>{children}</>;
}
