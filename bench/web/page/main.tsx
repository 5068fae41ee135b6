import { createForm } from '@formily/core';
import type { ISchema } from '@formily/json-schema';
import { StageForm } from '@pm/form-renderer';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { createRoot } from 'react-dom/client';
import {
  countySettings,
  generateSubmission,
  selfEvaluationForm,
} from '../../../packages/form-core/test/fixtures/self-evaluation';
import '../timings';

/**
 * The 自评表 (form-core's fixture: per-row scores, a total and a grade) with N generated indicator rows,
 * rendered either by our IndicatorTable or by a plain Formily ArrayTable with every row on one page.
 */

// Everything imported has been evaluated by now: the cost of the bundle itself.
window.__boot = performance.now();
const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'indicator';
const rows = Number(params.get('rows') ?? 200);

function schemaFor(): ISchema {
  const schema = structuredClone(selfEvaluationForm.schema) as ISchema & {
    properties: Record<string, ISchema>;
  };
  schema.properties.totalScore!['x-component'] = 'ScoreSummary';
  schema.properties.totalScore!['x-component-props'] = { grade: '{{$values.grade}}' };
  for (const drop of (params.get('drop') ?? '').split(',').filter(Boolean)) delete schema.properties[drop];
  if (mode === 'arraytable') {
    const table = schema.properties.indicators!;
    const items = table.items as ISchema & { properties: Record<string, ISchema> };
    // ArrayTable takes its columns from void ArrayTable.Column wrappers.
    items.properties = Object.fromEntries(
      Object.entries(items.properties).map(([name, cell]) => [
        `column_${name}`,
        {
          type: 'void',
          'x-component': 'ArrayTable.Column',
          'x-component-props': { title: cell.title, width: 120 },
          properties: { [name]: { ...cell, 'x-decorator': 'FormItem' } },
        },
      ]),
    );
    table['x-component'] = 'ArrayTable';
    table['x-component-props'] = { pagination: { pageSize: rows }, scroll: { x: 1600 } };
  }
  return schema;
}

const schema = schemaFor();
const form = createForm({ initialValues: generateSubmission({ rows, seed: 7 }) });

document.addEventListener('input', () => (window.__t0 = performance.now()), true);

function App() {
  return (
    <ConfigProvider locale={zhCN}>
      <StageForm form={form} schema={schema} scope={{ $settings: countySettings }} />
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);

// Interactive: the first 实际完成值 input exists and a frame has been painted with it.
function waitReady() {
  const input = document.querySelector(
    'input[aria-label="实际完成值"], .ant-table-row input.ant-input-number-input',
  );
  const total = document.querySelector('[data-testid="score-summary"] .pm-score__value');
  if (!input || !total) return requestAnimationFrame(waitReady);
  requestAnimationFrame(() => {
    window.__ready = performance.now();
    new MutationObserver(() => {
      window.__total = performance.now();
      requestAnimationFrame(() => (window.__painted = performance.now()));
    }).observe(total, { characterData: true, childList: true, subtree: true });
  });
}
requestAnimationFrame(waitReady);
