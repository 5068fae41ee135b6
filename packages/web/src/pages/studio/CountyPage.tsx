import { Alert, Breadcrumb, Card, Spin, Table, Tabs, Tag } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useCountyDetail, type CountyDetail } from './admin-api';
import { DiffView } from './DiffView';
import { PublishPanel } from './PublishPanel';
import { SettingsEditor } from './SettingsEditor';

function ArtifactTables({ county, detail }: { county: string; detail: CountyDetail }) {
  const state = (changed: boolean, draft: boolean, changedLabel: string) => (
    <>
      {changed ? <Tag color="blue">{changedLabel}</Tag> : <Tag>同基础配置</Tag>}
      {draft && <Tag color="orange">草稿未发布</Tag>}
    </>
  );
  return (
    <>
      <Card size="small" title="表单" style={{ marginBottom: 16 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={detail.forms}
          columns={[
            {
              title: '表单',
              render: (_, f) => <Link to={`/studio/${county}/forms/${f.id}`}>{f.title}</Link>,
            },
            { title: '标识', dataIndex: 'id' },
            { title: '本县区', render: (_, f) => state(f.overridden, f.draft, '本县有调整') },
          ]}
        />
      </Card>
      <Card size="small" title="流程">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={detail.processes}
          columns={[
            {
              title: '流程',
              render: (_, p) => <Link to={`/studio/${county}/processes/${p.id}`}>{p.name}</Link>,
            },
            { title: '标识', dataIndex: 'id' },
            { title: '本县区', render: (_, p) => state(p.replaced, p.draft, '本县流程') },
          ]}
        />
      </Card>
    </>
  );
}

/** One county in the studio: its settings, forms, processes, differences, publishing and history. */
export function CountyPage() {
  const { county = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const detail = useCountyDetail(county);
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data)
    return <Alert type="error" showIcon message={detail.error?.message ?? '无法读取县区配置'} />;
  const { manifest, hasDraft } = detail.data;
  const tab = search.get('tab') ?? 'artifacts';
  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 12 }}
        items={[{ title: <Link to="/studio">配置工作台</Link> }, { title: manifest.name }]}
      />
      <Card
        title={manifest.name}
        extra={hasDraft ? <Tag color="orange">有未发布的修改</Tag> : <Tag color="green">已发布</Tag>}
      >
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch({ tab: key }, { replace: true })}
          items={[
            {
              key: 'artifacts',
              label: '表单与流程',
              children: <ArtifactTables county={county} detail={detail.data} />,
            },
            {
              key: 'settings',
              label: '参数设置',
              children: (
                <SettingsEditor
                  county={county}
                  manifest={manifest}
                  hasDraft={Boolean(detail.data.drafts?.some((d) => d.kind === 'county'))}
                />
              ),
            },
            {
              key: 'diff',
              label: '差异对比',
              children: <DiffView county={county} countyName={manifest.name} />,
            },
            {
              key: 'publish',
              label: '发布与历史',
              children: <PublishPanel county={county} hasDraft={hasDraft} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
