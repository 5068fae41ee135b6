import { parseOperations, parseOutcomes } from '@pm/engine';
import { computeDue, parseDue } from '../src/pm/due';
import { parseList } from '../src/pm/list';

describe('pm attributes', () => {
  it('parses outcomes with optional labels, default Chinese labels for the standard ones', () => {
    expect(parseOutcomes('approve:通过,return:退回修改,reject:不予通过')).toEqual({
      outcomes: [
        { id: 'approve', label: '通过' },
        { id: 'return', label: '退回修改' },
        { id: 'reject', label: '不予通过' },
      ],
      errors: [],
    });
    expect(parseOutcomes('approve， return：退回补充')).toEqual({
      outcomes: [
        { id: 'approve', label: '通过' },
        { id: 'return', label: '退回补充' },
      ],
      errors: [],
    });
    expect(parseOutcomes(undefined).outcomes).toEqual([{ id: 'submit', label: '提交' }]);
    expect(parseOutcomes('通过').errors).toEqual([
      '结果标识“通过”无效：应以英文字母开头，只含字母、数字、“-”或“_”',
    ]);
  });

  it('parses the approval operations a step offers; unknown ones are named', () => {
    expect(parseOperations('transfer，delegate、return')).toEqual({
      offered: ['transfer', 'delegate', 'return'],
    });
    expect(parseOperations('')).toEqual({ offered: [] });
    expect(parseOperations('transfer,加签')).toEqual({ unknown: ['加签'] });
  });

  it('splits comma lists written with Chinese punctuation', () => {
    expect(parseList('可行性、适当性，相关性, 完整性')).toEqual(['可行性', '适当性', '相关性', '完整性']);
    expect(parseList(' ')).toEqual([]);
  });

  it('computes due dates from a duration, a number of days or a duration in the settings', () => {
    const now = new Date('2026-01-31T08:00:00Z');
    expect(parseDue('P1M')).toEqual({ kind: 'duration', duration: 'P1M' });
    expect(parseDue('settings.approvalDays')).toEqual({ kind: 'setting', key: 'approvalDays' });
    expect(parseDue('20')).toBeNull();
    expect(computeDue({ kind: 'duration', duration: 'P1M' }, {}, now)).toEqual({
      due: new Date('2026-02-28T08:00:00Z'),
    });
    expect(computeDue({ kind: 'setting', key: 'days' }, { days: 20 }, now)).toEqual({
      due: new Date('2026-02-20T08:00:00Z'),
    });
    expect(computeDue({ kind: 'setting', key: 'days' }, { days: 'PT36H' }, now)).toEqual({
      due: new Date('2026-02-01T20:00:00Z'),
    });
    expect(computeDue({ kind: 'setting', key: 'days' }, {}, now)).toHaveProperty('error');
  });
});
