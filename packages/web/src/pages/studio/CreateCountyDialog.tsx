import { App, Form, Input, Modal, Radio, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useCreateCounty, type AdminCounty } from './admin-api';

interface Values {
  id: string;
  name: string;
  from: 'base' | 'county';
  county?: string;
}

/** A new county starts from the base configuration or as a copy of another county; it is a draft until published. */
export function CreateCountyDialog({
  open,
  counties,
  onClose,
}: {
  open: boolean;
  counties: AdminCounty[];
  onClose(): void;
}) {
  const [form] = Form.useForm<Values>();
  const create = useCreateCounty();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const from = Form.useWatch('from', form);
  const submit = async () => {
    const values = await form.validateFields();
    try {
      const county = await create.mutateAsync({
        id: values.id,
        name: values.name,
        from: values.from === 'county' ? { kind: 'county', county: values.county! } : { kind: 'base' },
      });
      message.success(`已创建「${county.name}」（草稿）`);
      onClose();
      navigate(`/studio/${county.id}`);
    } catch (err) {
      if (err instanceof ApiError)
        form.setFields(err.fieldErrors.map((e) => ({ name: e.path as keyof Values, errors: [e.message] })));
      message.error(err instanceof Error ? err.message : '创建失败');
    }
  };
  return (
    <Modal
      title="新建县区"
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="创建"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ from: 'base' }}>
        <Form.Item name="name" label="县区名称" rules={[{ required: true, message: '请填写县区名称' }]}>
          <Input placeholder="如 某某县" />
        </Form.Item>
        <Form.Item
          name="id"
          label="县区标识"
          extra="小写字母、数字和短横线，如 mouxian；演示账号为 标识.admin"
          rules={[
            { required: true, message: '请填写县区标识' },
            { pattern: /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, message: '只能用小写字母、数字和短横线，以字母开头' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="from" label="从哪里开始">
          <Radio.Group
            options={[
              { value: 'base', label: '基础配置（全国通用做法）' },
              { value: 'county', label: '复制已有县区' },
            ]}
          />
        </Form.Item>
        {from === 'county' && (
          <Form.Item
            name="county"
            label="复制的县区"
            rules={[{ required: true, message: '请选择要复制的县区' }]}
          >
            <Select options={counties.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
