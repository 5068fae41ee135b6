import { App, Button, Popconfirm } from 'antd';
import { useDiscardDraft, type DraftKind } from './admin-api';

/** 放弃草稿: the county's unpublished change to one artifact is dropped after a confirmation. */
export interface DiscardDraftButtonProps {
  county: string;
  kind: DraftKind;
  artifactId: string;
  /** Called once the published content has been read again. */
  onDiscarded?(): void;
}

export function DiscardDraftButton({ county, kind, artifactId, onDiscarded }: DiscardDraftButtonProps) {
  const discard = useDiscardDraft(county);
  const { message } = App.useApp();
  const onConfirm = async () => {
    try {
      await discard.mutateAsync({ kind, artifactId });
      message.success('已放弃草稿，恢复为已发布的内容');
      onDiscarded?.();
    } catch (err) {
      message.error(err instanceof Error ? err.message : '放弃草稿失败');
    }
  };
  return (
    <Popconfirm
      title="放弃草稿？"
      description="未发布的修改将被删除，恢复为已发布的内容。"
      okText="放弃草稿"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onConfirm={() => void onConfirm()}
    >
      <Button danger loading={discard.isPending}>
        放弃草稿
      </Button>
    </Popconfirm>
  );
}
