import { parseOutcomes } from '@pm/engine';
import { isSupportedReplaceEntry } from '../src/supported';
import { translateZh } from '../src/modules/zh-cn';
import {
  dueError,
  otherOutcomesText,
  toggleOutcome,
  withOtherOutcomes,
} from '../src/modules/properties/values';

describe('pm attribute values edited in the properties panel', () => {
  it('toggles standard outcomes keeping labels and order, and keeps other outcomes after them', () => {
    let text = toggleOutcome('approve:审核通过,return:退回修改', 'reject', true);
    expect(text).toBe('approve:审核通过,return:退回修改,reject');
    text = toggleOutcome(text, 'return', false);
    expect(text).toBe('approve:审核通过,reject');
    text = withOtherOutcomes(text, 'suspend:暂缓拨款');
    expect(text).toBe('approve:审核通过,reject,suspend:暂缓拨款');
    expect(otherOutcomesText(text)).toBe('suspend:暂缓拨款');
    expect(parseOutcomes(text).errors).toEqual([]);
    expect(parseOutcomes(text).outcomes.map((o) => o.label)).toEqual(['审核通过', '不予通过', '暂缓拨款']);
  });

  it('accepts ISO durations and settings the county has as due dates', () => {
    expect(dueError('P15D', [])).toBeNull();
    expect(
      dueError('settings.targetApprovalDaysAfterCongress', ['targetApprovalDaysAfterCongress']),
    ).toBeNull();
    expect(dueError('settings.nope', ['targetApprovalDaysAfterCongress'])).toMatch('nope');
    expect(dueError('15天', [])).toMatch('ISO 8601');
  });

  it('offers only element types the engine runs when changing a type', () => {
    for (const id of [
      'replace-with-user-task',
      'replace-with-service-task',
      'replace-with-exclusive-gateway',
      'replace-with-timer-boundary',
      'toggle-parallel-mi',
    ])
      expect(isSupportedReplaceEntry(id)).toBe(true);
    for (const id of [
      'replace-with-task',
      'replace-with-send-task',
      'replace-with-signal-start',
      'replace-with-complex-gateway',
      'toggle-loop',
    ])
      expect(isSupportedReplaceEntry(id)).toBe(false);
  });

  it('translates the modeler into Chinese, filling placeholders', () => {
    expect(translateZh('Append gateway')).toBe('追加排他网关');
    expect(translateZh('{a} and {b}', { a: '甲', b: '乙' })).toBe('甲 and 乙');
  });
});
