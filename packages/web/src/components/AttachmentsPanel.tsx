import { useQuery } from '@tanstack/react-query';
import { Button, Empty, List } from 'antd';
import { api } from '../api/client';
import type { Attachment } from '../api/types';
import { formatTime } from '../format';
import { downloadAttachment } from '../attachments';

/** Every file uploaded on the instance's tasks (佐证材料), downloadable by whoever may see the instance. */
export function AttachmentsPanel({ instanceId }: { instanceId: string }) {
  const files = useQuery({
    queryKey: ['attachments', instanceId],
    queryFn: () => api.get<Attachment[]>(`/instances/${instanceId}/attachments`),
  });
  if (!files.data?.length) return <Empty description="暂无附件" />;
  return (
    <List
      size="small"
      dataSource={files.data}
      renderItem={(f) => (
        <List.Item
          actions={[
            <Button
              key="d"
              type="link"
              size="small"
              onClick={() => void downloadAttachment(f)}
              aria-label={`下载 ${f.name}`}
            >
              下载
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={f.name}
            description={`${f.label} · ${Math.ceil(f.size / 1024)} KB · ${formatTime(f.uploadedAt)}`}
          />
        </List.Item>
      )}
    />
  );
}
