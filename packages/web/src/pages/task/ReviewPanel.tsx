import { Button, Checkbox, Form, Input, Space, Typography } from 'antd';
import type { TaskDetail } from '../../api/types';

export interface ReviewState {
  comment: string;
  reviewPoints: Record<string, boolean>;
}

interface Props {
  detail: TaskDetail;
  value: ReviewState;
  onChange: (value: ReviewState) => void;
  commentError?: string;
  busy?: string;
  onOutcome: (outcome: TaskDetail['outcomes'][number]) => void;
  disabled?: boolean;
}

const DANGER = new Set(['return', 'reject']);

/**
 * The outcome buttons of a task (from its BPMN pm:outcomes), the comment (required for 退回 and 不通过, as
 * the server also insists) and, for reviews, the task's checklist of 审核要点.
 */
export function ReviewPanel({ detail, value, onChange, commentError, busy, onOutcome, disabled }: Props) {
  const review = detail.task.mode === 'review';
  const needsComment = detail.outcomes.some((o) => o.commentRequired);
  return (
    <Form layout="vertical" component="div">
      {review && detail.task.reviewPoints.length > 0 && (
        <Form.Item label="审核要点">
          <Space direction="vertical" size={4} role="group" aria-label="审核要点">
            {detail.task.reviewPoints.map((point) => (
              <Checkbox
                key={point}
                checked={value.reviewPoints[point] ?? false}
                disabled={disabled}
                onChange={(e) =>
                  onChange({ ...value, reviewPoints: { ...value.reviewPoints, [point]: e.target.checked } })
                }
              >
                {point}：符合要求
              </Checkbox>
            ))}
          </Space>
        </Form.Item>
      )}
      <Form.Item
        label={review ? '审核意见' : '办理说明'}
        htmlFor="task-comment"
        validateStatus={commentError ? 'error' : undefined}
        help={commentError}
        extra={!commentError && needsComment ? '选择「退回」或「不通过」时必须填写意见' : undefined}
      >
        <Input.TextArea
          id="task-comment"
          rows={4}
          maxLength={5000}
          disabled={disabled}
          value={value.comment}
          placeholder={review ? '请填写审核意见' : '可填写需要说明的情况（选填）'}
          onChange={(e) => onChange({ ...value, comment: e.target.value })}
        />
      </Form.Item>
      <Space wrap>
        {detail.outcomes.map((o) => (
          <Button
            key={o.id}
            data-outcome={o.id}
            type={DANGER.has(o.id) ? 'default' : 'primary'}
            danger={DANGER.has(o.id)}
            loading={busy === o.id}
            disabled={disabled || (busy !== undefined && busy !== o.id)}
            onClick={() => onOutcome(o)}
          >
            {o.label}
          </Button>
        ))}
      </Space>
      {disabled && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          该任务已办结或您只能查看。
        </Typography.Paragraph>
      )}
    </Form>
  );
}
