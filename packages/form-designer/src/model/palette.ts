import type { SchemaNode } from './schema-types';

export type PaletteGroup = '基础字段' | '选择与上传' | '业务组件' | '布局';

export interface PaletteItem {
  id: string;
  label: string;
  group: PaletteGroup;
  /** Prefix of the generated property key (`text1`, `amount2`, …). */
  keyPrefix: string;
  create(): SchemaNode;
}

const field = (
  type: string,
  component: string,
  title: string,
  extra: Partial<SchemaNode> = {},
): SchemaNode => ({
  type,
  title,
  'x-decorator': 'FormItem',
  'x-component': component,
  ...extra,
});

const options = ['选项一', '选项二'];

/**
 * What a finance editor can add to a form. Each entry emits plain Formily schema with a component of the
 * renderer's registry, so a designed form renders and validates exactly like a hand-written one.
 */
export const PALETTE: PaletteItem[] = [
  {
    id: 'text',
    label: '单行文本',
    group: '基础字段',
    keyPrefix: 'text',
    create: () => field('string', 'Input', '单行文本', { maxLength: 200 }),
  },
  {
    id: 'textarea',
    label: '多行文本',
    group: '基础字段',
    keyPrefix: 'note',
    create: () => field('string', 'Input.TextArea', '多行文本', { maxLength: 2000 }),
  },
  {
    id: 'number',
    label: '数字',
    group: '基础字段',
    keyPrefix: 'number',
    create: () => field('number', 'NumberPicker', '数字'),
  },
  {
    id: 'money',
    label: '金额（万元）',
    group: '基础字段',
    keyPrefix: 'amount',
    create: () => field('number', 'MoneyInput', '金额（万元）', { minimum: 0 }),
  },
  {
    id: 'percent',
    label: '百分比',
    group: '基础字段',
    keyPrefix: 'rate',
    create: () => field('number', 'Percent', '百分比（%）', { minimum: 0, maximum: 100 }),
  },
  {
    id: 'date',
    label: '日期',
    group: '基础字段',
    keyPrefix: 'date',
    create: () => field('string', 'DatePicker', '日期'),
  },
  {
    id: 'select',
    label: '下拉选择',
    group: '选择与上传',
    keyPrefix: 'choice',
    create: () => field('string', 'Select', '下拉选择', { enum: options }),
  },
  {
    id: 'radio',
    label: '单选',
    group: '选择与上传',
    keyPrefix: 'radio',
    create: () => field('string', 'Radio.Group', '单选', { enum: options }),
  },
  {
    id: 'checkbox',
    label: '多选',
    group: '选择与上传',
    keyPrefix: 'checks',
    create: () => field('array', 'Checkbox.Group', '多选', { enum: options }),
  },
  {
    id: 'orgUnit',
    label: '单位选择',
    group: '选择与上传',
    keyPrefix: 'orgUnit',
    create: () => field('string', 'OrgUnitSelect', '单位'),
  },
  {
    id: 'upload',
    label: '附件上传',
    group: '选择与上传',
    keyPrefix: 'attachments',
    create: () => field('array', 'AttachmentUpload', '附件'),
  },
  {
    id: 'indicatorTable',
    label: '绩效指标表',
    group: '业务组件',
    keyPrefix: 'indicators',
    create: () =>
      field('array', 'IndicatorTable', '绩效指标', {
        items: {
          type: 'object',
          properties: {
            level1: field('string', 'Select', '一级指标', {
              required: true,
              enum: ['产出指标', '效益指标', '满意度指标'],
            }),
            name: field('string', 'Input', '三级指标', { required: true, maxLength: 100 }),
            target: field('string', 'Input', '指标值', { required: true, maxLength: 100 }),
          },
        },
      }),
  },
  {
    id: 'scoreSummary',
    label: '得分汇总',
    group: '业务组件',
    keyPrefix: 'score',
    create: () => field('number', 'ScoreSummary', '总分', { 'x-read-only': true }),
  },
  {
    id: 'arrayTable',
    label: '明细表格',
    group: '业务组件',
    keyPrefix: 'rows',
    create: () =>
      field('array', 'ArrayTable', '明细表', {
        items: {
          type: 'object',
          properties: { item: field('string', 'Input', '事项', { required: true, maxLength: 200 }) },
        },
      }),
  },
  {
    id: 'card',
    label: '分组卡片',
    group: '布局',
    keyPrefix: 'section',
    create: () => ({ type: 'void', title: '分组', 'x-component': 'Card', properties: {} }),
  },
  {
    id: 'grid',
    label: '栅格（多列）',
    group: '布局',
    keyPrefix: 'grid',
    create: () => ({
      type: 'void',
      'x-component': 'FormGrid',
      'x-component-props': { maxColumns: 2, minColumns: 1 },
      properties: {},
    }),
  },
  {
    id: 'tabs',
    label: '标签页',
    group: '布局',
    keyPrefix: 'tabs',
    create: () => ({
      type: 'void',
      'x-component': 'FormTab',
      properties: {
        tab1: { type: 'void', title: '标签一', 'x-component': 'FormTab.TabPane', properties: {} },
        tab2: { type: 'void', title: '标签二', 'x-component': 'FormTab.TabPane', properties: {} },
      },
    }),
  },
];

export const paletteItem = (id: string): PaletteItem | undefined => PALETTE.find((item) => item.id === id);

const COMPONENT_LABELS: Record<string, string> = {
  Input: '单行文本',
  'Input.TextArea': '多行文本',
  NumberPicker: '数字',
  MoneyInput: '金额（万元）',
  Percent: '百分比',
  DatePicker: '日期',
  Select: '下拉选择',
  'Radio.Group': '单选',
  'Checkbox.Group': '多选',
  OrgUnitSelect: '单位选择',
  AttachmentUpload: '附件上传',
  IndicatorTable: '绩效指标表',
  ScoreSummary: '得分汇总',
  ArrayTable: '明细表格',
  Card: '分组卡片',
  FormGrid: '栅格',
  FormTab: '标签页',
  'FormTab.TabPane': '标签',
  Switch: '开关',
};

/** The kind of a node in the editor's words (单行文本, 分组卡片, …). */
export function componentLabel(node: SchemaNode): string {
  const component = node['x-component'];
  if (component && COMPONENT_LABELS[component]) return COMPONENT_LABELS[component];
  if (node.type === 'object') return '对象';
  return component ?? node.type ?? '字段';
}
