import type { HistoryEntry, HistoryIntegrity } from '../src/api/types';
import { integrityWarning } from '../src/components/history-integrity';

const entry = (id: string, action: string): HistoryEntry => ({
  id,
  at: '2026-03-01T00:00:00.000Z',
  actor: 'someone',
  actorName: '某人',
  action,
  taskName: null,
  outcome: null,
  outcomeLabel: null,
  comment: null,
});
const history = [entry('a', 'instance.started'), entry('b', 'task.claimed'), entry('c', 'task.completed')];
const failed = (eventId: string, count = 1): HistoryIntegrity => ({
  status: 'failed',
  verified: 2,
  unsealed: 0,
  problems: Array.from({ length: count }, () => ({
    index: 3,
    eventId,
    kind: 'content-altered',
    what: '内容被改动',
    message: '第 3 条记录内容被改动',
  })),
  message: '审计记录校验未通过：第 3 条记录内容被改动，请联系安全审计员',
});

describe('the history’s integrity warning', () => {
  it('numbers the altered record as the timeline shows it (签收 records hidden)', () => {
    expect(integrityWarning(history, failed('c'))).toBe(
      '审计记录校验未通过：第 2 条记录内容被改动，请联系安全审计员',
    );
  });

  it('names a hidden 签收 record and counts further problems', () => {
    expect(integrityWarning(history, failed('b', 2))).toBe(
      '审计记录校验未通过：一条签收记录内容被改动等 2 处问题，请联系安全审计员',
    );
  });

  it('says nothing while the history verifies or is still being sealed', () => {
    const ok = { status: 'verified', verified: 3, unsealed: 0, problems: [], message: null } as const;
    expect(integrityWarning(history, ok)).toBeNull();
    expect(integrityWarning(history, { ...ok, status: 'pending', unsealed: 1 })).toBeNull();
  });
});
