import { createForm } from '@formily/core';
import { stageFormEffects } from '../src/effects';

describe('stage form effects', () => {
  it('drops the error of a field once a reaction hides it, so it cannot block the submit', async () => {
    const form = createForm({ effects: stageFormEffects });
    const unit = form.createField({ name: 'unit', required: true });
    await form.validate().catch(() => undefined);
    expect(unit.selfErrors).toHaveLength(1);
    unit.display = 'none';
    expect(unit.selfErrors).toEqual([]);
    await expect(form.validate()).resolves.toBeUndefined();
  });
});
