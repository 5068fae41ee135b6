import { createForm, isField } from '@formily/core';
import { applyServerErrors, clearServerErrors } from '../src/server-errors';

/** The server's 400 details land on the fields they name, including table rows not mounted yet. */
describe('server validation errors on the form', () => {
  function formWithTable() {
    const form = createForm({ initialValues: { totalFunds: 1, indicators: [{}, {}, {}] } });
    form.createField({ name: 'totalFunds' });
    const table = form.createArrayField({ name: 'indicators' });
    form.createObjectField({ name: '0', basePath: 'indicators' });
    form.createField({ name: 'target', basePath: 'indicators.0' });
    return { form, table };
  }

  it('sets each message on its field and lists failing rows on the table', () => {
    const { form, table } = formWithTable();
    const unclaimed = applyServerErrors(form, [
      { path: 'totalFunds', message: '请填写年度资金申请总额' },
      { path: 'indicators.0.target', message: '该字段是必填字段' },
      { path: 'indicators.2.unit', message: '该字段是必填字段' },
      { path: 'approvalNo', message: '未知字段' },
    ]);
    const selfErrors = (path: string) => {
      const field = form.query(path).take();
      return field && isField(field) ? field.selfErrors : undefined;
    };
    expect(selfErrors('totalFunds')).toEqual(['请填写年度资金申请总额']);
    expect(selfErrors('indicators.0.target')).toEqual(['该字段是必填字段']);
    expect((table.data as { serverErrorPaths: string[] }).serverErrorPaths).toEqual([
      'indicators.0.target',
      'indicators.2.unit',
    ]);
    expect(unclaimed).toEqual([{ path: 'approvalNo', message: '未知字段' }]);

    // A row scrolled into view later gets its error when its field is created.
    form.createObjectField({ name: '2', basePath: 'indicators' });
    const unit = form.createField({ name: 'unit', basePath: 'indicators.2' });
    expect(unit.selfErrors).toEqual(['该字段是必填字段']);
  });

  it('starts clean for the next attempt', () => {
    const { form, table } = formWithTable();
    applyServerErrors(form, [{ path: 'indicators.1.name', message: '必填' }]);
    clearServerErrors(form);
    expect((table.data as { serverErrorPaths: string[] }).serverErrorPaths).toEqual([]);
  });
});
