import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, List, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import type { Attachment } from '../api/types';
import { downloadAttachment, uploadAttachment } from '../attachments';
import { formatTime } from '../format';

interface Props {
  instanceId: string;
  /** The open task the user handles: files can be added to it. */
  uploadTaskId?: string;
}

/** Every file uploaded on the instance's tasks (佐证材料), downloadable by whoever may see the instance. */
export function AttachmentsPanel({ instanceId, uploadTaskId }: Props) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(0);
  const files = useQuery({
    queryKey: ['attachments', instanceId],
    queryFn: () => api.get<Attachment[]>(`/instances/${instanceId}/attachments`),
  });
  return (
    <div>
      {uploadTaskId && (
        <Upload
          multiple
          showUploadList={false}
          accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ofd,.zip,.txt,.csv"
          customRequest={({ file }) => {
            setUploading((n) => n + 1);
            uploadAttachment(uploadTaskId, file as File)
              .then(() => {
                void message.success(`已上传「${(file as File).name}」`);
                return queryClient.invalidateQueries({ queryKey: ['attachments', instanceId] });
              })
              .catch((err: Error) => void message.error(`「${(file as File).name}」上传失败：${err.message}`))
              .finally(() => setUploading((n) => n - 1));
          }}
        >
          <Button loading={uploading > 0}>上传附件</Button>
        </Upload>
      )}
      {files.data?.length ? (
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
                  onClick={() => void downloadAttachment(f).catch((err: Error) => message.error(err.message))}
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
      ) : (
        <Empty description="暂无附件" />
      )}
    </div>
  );
}
