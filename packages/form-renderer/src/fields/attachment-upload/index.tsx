import type { Field } from '@formily/core';
import { connect, mapReadPretty, useField } from '@formily/react';
import { Button, List, Upload, message } from 'antd';
import { useState } from 'react';
import { useFormServices, type AttachmentRef } from '../../services';

export interface AttachmentUploadProps {
  value?: AttachmentRef[];
  onChange?: (value: AttachmentRef[]) => void;
  /** Accepted extensions for the file dialog (the server checks content anyway). */
  accept?: string;
  maxCount?: number;
  disabled?: boolean;
}

const DEFAULT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,.ofd,.zip,.txt,.csv';
const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

function AttachmentList({
  value,
  onRemove,
}: {
  value: AttachmentRef[];
  onRemove?: (ref: AttachmentRef) => void;
}) {
  const { downloadAttachment } = useFormServices();
  if (value.length === 0) return <span className="pm-preview">无附件</span>;
  return (
    <List
      size="small"
      dataSource={value}
      renderItem={(ref) => (
        <List.Item
          actions={[
            downloadAttachment && (
              <Button
                key="d"
                type="link"
                size="small"
                onClick={() => void downloadAttachment(ref)}
                aria-label={`下载 ${ref.name}`}
              >
                下载
              </Button>
            ),
            onRemove && (
              <Button
                key="r"
                type="link"
                size="small"
                danger
                onClick={() => onRemove(ref)}
                aria-label={`移除 ${ref.name}`}
              >
                移除
              </Button>
            ),
          ].filter(Boolean)}
        >
          {ref.name}（{size(ref.size)}）
        </List.Item>
      )}
    />
  );
}

/** 佐证材料: files go to the server at once (GridFS); the form keeps their ids and names. */
function AttachmentUploadBase({
  value = [],
  onChange,
  accept = DEFAULT_ACCEPT,
  maxCount = 20,
  disabled,
}: AttachmentUploadProps) {
  const { uploadAttachment } = useFormServices();
  const field = useField<Field>();
  const [uploading, setUploading] = useState(0);
  return (
    <div className="pm-attachments">
      <Upload
        accept={accept}
        multiple
        showUploadList={false}
        disabled={disabled || !uploadAttachment || value.length >= maxCount}
        customRequest={({ file, onSuccess, onError }) => {
          setUploading((n) => n + 1);
          uploadAttachment!(file as File)
            .then((ref) => {
              // Read the field now, not the render's value: several files may finish in any order.
              onChange?.([...((field.value as AttachmentRef[] | undefined) ?? []), ref]);
              onSuccess?.(ref);
            })
            .catch((err: Error) => {
              void message.error(`「${(file as File).name}」上传失败：${err.message}`);
              onError?.(err);
            })
            .finally(() => setUploading((n) => n - 1));
        }}
      >
        <Button disabled={disabled || !uploadAttachment} loading={uploading > 0}>
          上传附件
        </Button>
      </Upload>
      <div className="pm-attachments__hint">支持 PDF、图片、Word、Excel、OFD 等，单个不超过 20 MB</div>
      <AttachmentList
        value={value}
        onRemove={disabled ? undefined : (ref) => onChange?.(value.filter((v) => v.id !== ref.id))}
      />
    </div>
  );
}

function AttachmentReadPretty({ value = [] }: { value?: AttachmentRef[] }) {
  return <AttachmentList value={value} />;
}

export const AttachmentUpload = connect(AttachmentUploadBase, mapReadPretty(AttachmentReadPretty));
