import type { FormServices } from '@pm/form-renderer';
import { Col, Empty, Row, Tag, Typography } from 'antd';
import { compareWithBase, removedFromBase } from '../model/compare';
import type { DesignedForm } from '../model/schema-types';
import { getNode } from '../model/tree';
import { Preview } from './Preview';

export interface SideBySideProps {
  base?: DesignedForm;
  form: DesignedForm;
  countyName?: string;
  example?: Record<string, unknown>;
  scope?: Record<string, unknown>;
  services?: FormServices;
}

/** 基础表单 and the county's form next to each other, with what the county added, changed or removed. */
export function SideBySide({ base, form, countyName = '本县区', example, scope, services }: SideBySideProps) {
  if (!base) return <Empty description="没有基础表单可对照" />;
  const changes = compareWithBase(form.schema, base.schema);
  const removed = removedFromBase(form.schema, base.schema);
  return (
    <div className="pm-fd-side-by-side">
      <div className="pm-fd-change-list" aria-label="与基础表单的差异">
        {changes.size === 0 && removed.length === 0 && (
          <Typography.Text type="secondary">与基础表单相同</Typography.Text>
        )}
        {[...changes].map(([path, change]) => (
          <Tag key={path} color={change === 'added' ? 'green' : 'orange'}>
            {change === 'added' ? '新增' : '修改'}「{getNode(form.schema, path.split('/'))?.title ?? path}」
          </Tag>
        ))}
        {removed.map((title) => (
          <Tag key={title} color="red">
            删除「{title}」
          </Tag>
        ))}
      </div>
      <Row gutter={16}>
        <Col span={12} className="pm-fd-side">
          <Typography.Title level={5}>基础表单</Typography.Title>
          <Preview schema={base.schema} example={example} scope={scope} services={services} />
        </Col>
        <Col span={12} className="pm-fd-side">
          <Typography.Title level={5}>{countyName}</Typography.Title>
          <Preview schema={form.schema} example={example} scope={scope} services={services} />
        </Col>
      </Row>
    </div>
  );
}
