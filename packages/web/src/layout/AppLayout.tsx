import { Button, Layout, Menu, Space } from 'antd';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { isFinanceUser, useAuth, useUser } from '../auth/session';
import { canUseStudio } from '../pages/studio/access';
import { canManageAccounts, hasBusinessMenu, isAuditor, isSecurityAdmin } from '../pages/system/roles';

/** The frame of every page after login: the menu a role needs, who is logged in, and logout. */
export function AppLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const location = useLocation();
  const finance = isFinanceUser(user);
  const system = [
    ...(canManageAccounts(user)
      ? [{ key: '/system/users', label: <Link to="/system/users">用户管理</Link> }]
      : []),
    ...(isSecurityAdmin(user)
      ? [{ key: '/system/security', label: <Link to="/system/security">安全管理</Link> }]
      : []),
    ...(isAuditor(user) ? [{ key: '/system/audit', label: <Link to="/system/audit">审计记录</Link> }] : []),
  ];
  const business = hasBusinessMenu(user);
  const items = [
    ...(business
      ? [
          { key: '/', label: <Link to="/">待办</Link> },
          { key: '/done', label: <Link to="/done">已办</Link> },
          { key: '/projects', label: <Link to="/projects">{finance ? '项目' : '我的项目'}</Link> },
        ]
      : []),
    ...(business && finance
      ? [
          { key: '/finance/submissions', label: <Link to="/finance/submissions">报送情况</Link> },
          { key: '/finance/rounds', label: <Link to="/finance/rounds">发起监控</Link> },
        ]
      : []),
    { key: '/statistics', label: <Link to="/statistics">统计分析</Link> },
    ...(finance && !user.orgUnit?.readOnly
      ? [{ key: '/data', label: <Link to="/data">导入导出</Link> }]
      : []),
    ...(canUseStudio(user) ? [{ key: '/studio', label: <Link to="/studio">配置工作台</Link> }] : []),
    ...(system.length > 0 ? [{ key: '/system', label: '系统管理', children: system }] : []),
  ];
  const keys = [...items.map((i) => i.key), ...system.map((i) => i.key)];
  const selected =
    keys.find((k) => k !== '/' && k !== '/system' && location.pathname.startsWith(k)) ??
    (location.pathname === '/' ? '/' : '');
  // The 安全管理员 and the 安全审计员 have no inbox: their start page is their duty's.
  if (!business && location.pathname === '/' && system.length > 0)
    return <Navigate to={system[0].key} replace />;
  return (
    <Layout className="pm-layout">
      <Layout.Header className="pm-header">
        <Link to="/" className="pm-brand">
          预算绩效管理平台
        </Link>
        <nav aria-label="主菜单" className="pm-nav">
          <Menu mode="horizontal" theme="dark" selectedKeys={[selected]} items={items} />
        </nav>
        <Space className="pm-user">
          <Link to="/profile" style={{ color: '#fff' }} aria-label="个人信息">
            {user.county?.name ? `${user.county.name} · ` : ''}
            {user.displayName}
          </Link>
          <Button size="small" onClick={() => void logout()}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="pm-content">
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  );
}
