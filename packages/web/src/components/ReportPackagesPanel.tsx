import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, List, Typography } from 'antd';
import { api } from '../api/client';
import { downloadFile } from '../files';
import { formatTime } from '../format';

interface ReportPackage {
  id: string;
  recipient: string;
  title: string;
  filename: string;
  size: number;
  contents: { title: string; project: string; page: number }[];
  createdAt: string;
}

/** 报送材料 the instance's 报送人大/政府/市财政 steps left; shown only when there are any. */
export function ReportPackagesPanel({ instanceId }: { instanceId: string }) {
  const { message } = App.useApp();
  const packages = useQuery({
    queryKey: ['packages', instanceId],
    queryFn: () => api.get<ReportPackage[]>(`/instances/${instanceId}/packages`),
  });
  if (!packages.data?.length) return null;
  return (
    <Card size="small" title="报送材料" style={{ marginTop: 12 }}>
      <List
        size="small"
        aria-label="报送材料"
        dataSource={packages.data}
        renderItem={(p) => (
          <List.Item
            actions={[
              <Button
                key="download"
                size="small"
                onClick={() =>
                  void downloadFile(`/packages/${encodeURIComponent(p.id)}`, p.filename).catch(
                    (err: Error) => void message.error(err.message),
                  )
                }
              >
                下载
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={`报送${p.recipient}`}
              description={
                <Typography.Text type="secondary">
                  {p.title}（{formatTime(p.createdAt)}，共 {p.contents.length} 份表格）
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
