import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { isFinanceUser, useAuth, useUser } from '../auth/session';
import { canUseStudio } from '../pages/studio/access';

/** The frame of every page after login: the menu a role needs, who is logged in, and logout. */
export function AppLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const location = useLocation();
  const finance = isFinanceUser(user);
  const items = [
    { key: '/', label: <Link to="/">待办</Link> },
    { key: '/done', label: <Link to="/done">已办</Link> },
    { key: '/projects', label: <Link to="/projects">{finance ? '项目' : '我的项目'}</Link> },
    ...(finance
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
  ];
  const selected =
    items.map((i) => i.key).find((k) => k !== '/' && location.pathname.startsWith(k)) ??
    (location.pathname === '/' ? '/' : '');
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
          <Typography.Text style={{ color: '#fff' }}>
            {user.county?.name ? `${user.county.name} · ` : ''}
            {user.displayName}
          </Typography.Text>
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
