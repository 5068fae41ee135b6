import { validateSubmission } from '@pm/form-core';
import { basicForm, errorsOf } from './helpers';

const scope = { settings: { maxAmount: 1000 } };
const valid = {
  name: '乡村道路',
  code: 'ABC123',
  amount: 1000,
  share: 0.5,
  category: 'new',
  tags: ['民生'],
  phone: '13800138000',
  idcard: '11010519491231002X',
  email: 'li.si@example.gov.cn',
  site: 'https://example.gov.cn/a',
  decimalText: '-12.5',
  integerText: '+42',
  even: 4,
  notAdmin: 'lisi',
  agreed: true,
  inCard: '卡片内的值',
};

describe('Formily rules on a submission, in Chinese', () => {
  test('a valid submission passes and comes back as it was', async () => {
    const result = await validateSubmission(basicForm, valid, { scope });
    expect(result).toMatchObject({ ok: true, errors: [], unknownPaths: [], values: valid });
  });

  test('required, also inside a void container (the path skips the card)', async () => {
    expect(await errorsOf(basicForm, { ...valid, name: '', inCard: undefined }, { scope })).toEqual([
      'name: 该字段是必填字段',
      'inCard: 该字段是必填字段',
    ]);
  });

  test('maxLength, pattern, minimum / maximum from $settings, exclusive bounds', async () => {
    expect(
      await errorsOf(
        basicForm,
        { ...valid, name: '一二三四五六七八九十一', code: 'ab1', amount: 1000.5, share: 0 },
        { scope },
      ),
    ).toEqual([
      'name: 长度或条目数不能大于10',
      'code: 该字段不是一个合法的字段',
      'amount: 数值不能大于1000',
      'share: 数值必须大于0',
    ]);
    expect(await errorsOf(basicForm, { ...valid, amount: -1 }, { scope })).toEqual(['amount: 数值不能小于0']);
  });

  test('formats: phone, idcard, email, url, number, integer', async () => {
    const data = {
      ...valid,
      phone: '1380013800',
      idcard: '11010519491231002Y',
      email: 'li.si@',
      site: 'example',
      decimalText: '1.2.3',
      integerText: '4.5',
    };
    expect(await errorsOf(basicForm, data, { scope })).toEqual([
      'phone: 该字段不是有效的手机号',
      'idcard: 该字段不是合法的身份证格式',
      'email: 该字段不是合法的邮箱格式',
      'site: 该字段不是合法的url',
      'decimalText: 该字段不是合法的数字',
      'integerText: 该字段不是合法的整型数字',
    ]);
  });

  test('enum options, single and multiple, name the allowed labels', async () => {
    expect(
      await errorsOf(basicForm, { ...valid, category: 'other', tags: ['民生', '水利'] }, { scope }),
    ).toEqual(['category: 字段值必须为新增、延续其中一个', 'tags: 字段值必须为民生、基建其中一个']);
  });

  test('custom {{ }} validators: a boolean with its message, or the message itself', async () => {
    expect(await errorsOf(basicForm, { ...valid, even: 3, notAdmin: 'admin' }, { scope })).toEqual([
      'even: 必须是偶数',
      'notAdmin: 不能使用 admin',
    ]);
  });

  test('a value of the wrong type is refused, as no widget could have produced it', async () => {
    expect(await errorsOf(basicForm, { ...valid, amount: '100', agreed: 'yes', name: 5 }, { scope })).toEqual(
      ['name: 该字段应为文本', 'amount: 该字段不是合法的数字', 'agreed: 该字段应为是或否'],
    );
  });

  test('unknown fields are dropped from the values and listed, not rejected', async () => {
    const result = await validateSubmission(
      basicForm,
      { ...valid, stray: 1, card: { inCard: 'x' } },
      { scope },
    );
    expect(result.ok).toBe(true);
    expect(result.unknownPaths).toEqual(['stray', 'card']);
    expect(result.values).not.toHaveProperty('stray');
  });

  test('a submission that is not an object is an error, not a crash', async () => {
    for (const data of [null, 'text', [1, 2]]) {
      const result = await validateSubmission(basicForm, data, { scope });
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toEqual({ path: '', message: '提交的数据应为对象' });
    }
  });

  test('read-only paths of the task are not validated and keep the values given', async () => {
    const result = await validateSubmission(
      basicForm,
      { ...valid, name: '', phone: 'x' },
      {
        scope,
        readOnlyPaths: ['name', 'phone'],
      },
    );
    expect(result.errors).toEqual([]);
    expect(result.values).toMatchObject({ name: '', phone: 'x' });
  });
});
