import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { User } from '../../api/types';
import { useUser } from '../../auth/session';

/** A page of one duty: anyone else is told plainly (the server refuses them anyway). */
export function SystemGuard({ allow, children }: { allow: (user: User) => boolean; children: ReactNode }) {
  const user = useUser();
  if (!allow(user)) return <Result status="403" title="无权访问" subTitle="此页面仅对相应的管理人员开放" />;
  return <>{children}</>;
}
