import { Types } from 'mongoose';
import { BOUNDARY, multipartBody } from './http';
import type { Attack, Base } from './mutations';
import { pathOf } from './mutations';
import { example, PDF, PRIMARY, type CallerKind, type World } from './world';

/**
 * How to fuzz each write route: who may call it (so mutated requests reach the handler, not only the
 * 401 wall), who may not, and one valid request built on the seeded data. The fuzz suite fails for a
 * write route of openapi.json without an entry here, so a new route is fuzzed as soon as it is declared.
 */
export interface Strategy {
  caller: CallerKind;
  wrongCaller: CallerKind;
  /** The valid request: path parameters and body (made once per route, before its runs). */
  prepare(world: World): Promise<{ params: Record<string, string>; body?: unknown }>;
  /** Attacks only this route gets (e.g. multipart, BPMN entities), run before the random ones. */
  attacks?(base: Base): Attack[];
  /** Each run logs the caller in anew (the route ends the session it is called with). */
  ownSession?: boolean;
  /** Random runs (default FUZZ_RUNS): fewer where every accepted body costs a full county lint (~1 s). */
  runs?: number;
}

const DECLARATION = 'target-declaration';

async function deployed(world: World, kind: string, artifactId: string): Promise<unknown> {
  const doc = await world.db
    .collection('deployments')
    .find({ kind, county: PRIMARY, artifactId })
    .sort({ version: -1 })
    .limit(1)
    .next();
  return doc?.content;
}

const county = { county: PRIMARY };

/** Uploads that are not a whole, allowed, small file. */
function uploadAttacks(base: Base, query = ''): Attack[] {
  const path = `${pathOf(base.template, base.params)}${query}`;
  const type = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  const whole = multipartBody('file', '测算依据.pdf', PDF);
  const spec = (raw: Buffer, headers: Record<string, string> = type) => ({
    method: 'POST',
    path,
    raw,
    headers,
  });
  return [
    // The body ends inside the file part: no closing boundary (the crash of defect 1).
    { attack: 'multipart ending inside the file', spec: spec(whole.subarray(0, whole.length - 60)) },
    { attack: 'multipart ending inside the part headers', spec: spec(whole.subarray(0, 40)) },
    { attack: 'multipart without a closing boundary', spec: spec(whole.subarray(0, whole.length - 4)) },
    {
      attack: 'connection dropped mid-upload',
      spec: { ...spec(whole), truncateAt: Math.floor(whole.length / 2) },
    },
    { attack: 'multipart without a boundary', spec: spec(whole, { 'content-type': 'multipart/form-data' }) },
    {
      attack: 'a 21 MB file',
      spec: spec(
        multipartBody('file', '大文件.pdf', Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024, 0x20)])),
      ),
    },
    {
      attack: 'a renamed executable',
      spec: spec(multipartBody('file', '说明.pdf', Buffer.from('MZ\u0090\u0000'))),
    },
    { attack: 'a path in the file name', spec: spec(multipartBody('file', '../../../etc/passwd', PDF)) },
    { attack: 'another field name', spec: spec(multipartBody('other', 'a.pdf', PDF)) },
    {
      attack: 'two files',
      spec: spec(
        Buffer.concat([
          multipartBody('file', 'a.pdf', PDF).subarray(0, -(BOUNDARY.length + 6)),
          multipartBody('file', 'b.pdf', PDF),
        ]),
      ),
    },
    { attack: 'garbage as multipart', spec: spec(Buffer.from('\u0000\u0001\u0002--not a form--')) },
  ];
}

/** BPMN drafts that try the XML parser: entity declarations, external entities, entity expansion. */
function bpmnAttacks(base: Base): Attack[] {
  const path = pathOf(base.template, base.params);
  const definitions = (head: string, name: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n${head}\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">` +
    `<bpmn:process id="${DECLARATION}" name="${name}" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`;
  const laughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']>';
  const xml = (attack: string, text: string): Attack => ({
    attack,
    spec: { method: 'PUT', path, json: { xml: text } },
  });
  return [
    xml(
      'external entity (XXE) of /etc/passwd',
      definitions('<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'),
    ),
    xml(
      'external entity over http',
      definitions('<!DOCTYPE d [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/x">]>', '&xxe;'),
    ),
    xml('parameter entity', definitions('<!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>', 'p')),
    xml('billion laughs', definitions(laughs, '&lol9;')),
    xml(
      'quadratic blow-up',
      definitions(`<!DOCTYPE d [<!ENTITY a "${'x'.repeat(50_000)}">]>`, '&a;'.repeat(2_000)),
    ),
    xml('not XML at all', '{"bpmn": true}'),
    xml('XML nested 10,000 deep', `<a>${'<b>'.repeat(10_000)}${'</b>'.repeat(10_000)}</a>`),
    xml('an unclosed document', definitions('', 'x').slice(0, 200)),
  ];
}

/** Spreadsheets that are not: a zip that is no workbook, a truncated zip, bytes, an XML bomb in a zip entry. */
function xlsxAttacks(base: Base, query: string): Attack[] {
  const path = `${pathOf(base.template, base.params)}${query}`;
  const type = { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  const zipHead = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
  const spec = (raw: Buffer, headers: Record<string, string> = type) => ({
    method: 'POST',
    path,
    raw,
    headers,
  });
  return [
    { attack: 'a truncated zip', spec: spec(Buffer.concat([zipHead, Buffer.alloc(100, 0xff)])) },
    { attack: 'a PDF named as a workbook', spec: spec(PDF) },
    { attack: 'an empty body', spec: spec(Buffer.alloc(0)) },
    {
      attack: 'a workbook as JSON',
      spec: spec(Buffer.from('{"sheets":[]}'), { 'content-type': 'application/json' }),
    },
    { attack: 'a 30 MB body', spec: spec(Buffer.alloc(30 * 1024 * 1024, 0x41)) },
    {
      attack: 'a dropped connection',
      spec: { ...spec(Buffer.concat([zipHead, Buffer.alloc(5000)])), truncateAt: 2000 },
    },
  ];
}

const STUDIO = { caller: 'countyAdmin', wrongCaller: 'otherCountyAdmin' } as const;
/** 用户管理: the county's admin on an account of its county made for the route; the other county's admin is wrong. */
const ACCOUNT = {
  caller: 'countyAdmin',
  wrongCaller: 'otherCountyAdmin',
  prepare: async (w: World) => ({ params: { id: await w.fresh.account() } }),
} as const;

export const STRATEGIES: Record<string, Strategy> = {
  'POST /api/auth/login': {
    caller: 'anonymous',
    wrongCaller: 'anonymous',
    // An account of a third county, so its lockout troubles no other test.
    prepare: async () => ({ params: {}, body: { username: 'qitai.admin', password: 'demo' } }),
  },
  'POST /api/auth/logout': {
    caller: 'department',
    wrongCaller: 'anonymous',
    ownSession: true,
    prepare: async () => ({ params: {} }),
  },
  // A wrong current password: the handler checks it, and no run changes the department's password.
  'POST /api/auth/password': {
    caller: 'department',
    wrongCaller: 'anonymous',
    prepare: async () => ({ params: {}, body: { current: 'not-demo', next: 'Fuzz-Passw0rd-x' } }),
  },
  'POST /api/admin/users': {
    caller: 'countyAdmin',
    wrongCaller: 'otherCountyAdmin',
    prepare: async (w) => ({
      params: {},
      body: {
        username: `${PRIMARY}.${w.fresh.unique('f')}`,
        displayName: '模糊测试账号',
        county: PRIMARY,
        orgUnit: 'jiaoyu',
        systemRoles: [],
      },
    }),
  },
  'POST /api/admin/users/import': {
    caller: 'countyAdmin',
    wrongCaller: 'finance',
    prepare: async () => ({ params: {} }),
    attacks: (base) => uploadAttacks(base, `?county=${PRIMARY}`),
  },
  'PATCH /api/admin/users/{id}': {
    ...ACCOUNT,
    prepare: async (w) => ({
      params: { id: await w.fresh.account() },
      body: { displayName: '模糊改名', county: PRIMARY, orgUnit: 'jiaoyu', systemRoles: [] },
    }),
  },
  'POST /api/admin/users/{id}/disable': ACCOUNT,
  'POST /api/admin/users/{id}/enable': ACCOUNT,
  'POST /api/admin/users/{id}/reset-password': ACCOUNT,
  'POST /api/admin/users/{id}/unlock': ACCOUNT,
  'POST /api/security/lockouts/{username}/unlock': {
    caller: 'securityAdmin',
    wrongCaller: 'superadmin',
    prepare: async () => ({ params: { username: 'qitai.admin' } }),
  },
  'POST /api/security/users/{username}/end-sessions': {
    caller: 'securityAdmin',
    wrongCaller: 'auditor',
    prepare: async (w) => {
      const id = await w.fresh.account();
      const user = await w.db.collection('users').findOne({ _id: new Types.ObjectId(id) });
      return { params: { username: String(user?.username) } };
    },
  },
  'PUT /api/projects/{id}/ledger': {
    caller: 'finance',
    wrongCaller: 'department',
    prepare: async (w) => ({
      params: { id: await w.fresh.project() },
      body: { annualBudget: 120, adjustment: -5, carryover: 3, payments: [{ month: 3, amount: 10 }] },
    }),
  },
  // Multipart like the task attachments, with the county and year the import needs in the query.
  'POST /api/ledger/payments/import': {
    caller: 'finance',
    wrongCaller: 'department',
    prepare: async () => ({ params: {} }),
    attacks: (base) => uploadAttacks(base, `?county=${PRIMARY}&year=2026`),
  },
  'POST /api/projects': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({
      params: {},
      body: {
        county: PRIMARY,
        name: w.fresh.unique('模糊测试项目'),
        amount: 10,
        year: 2026,
        category: 'new',
        kind: 'project',
      },
    }),
  },
  'POST /api/projects/{id}/stages/{stageId}/start': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    // The seeded project's declaration is running: the valid request is refused with 409 as well.
    prepare: async (w) => ({ params: { id: w.primary.project, stageId: DECLARATION }, body: {} }),
  },
  'POST /api/stages/{stageId}/batches': {
    caller: 'finance',
    wrongCaller: 'department',
    prepare: async (w) => ({
      params: { stageId: 'monitoring' },
      body: { county: PRIMARY, projectIds: [await w.fresh.project()], round: w.fresh.unique('模糊轮次') },
    }),
  },
  'POST /api/finance/rounds': {
    caller: 'finance',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({
      params: {},
      body: {
        county: PRIMARY,
        stageId: 'monitoring',
        round: w.fresh.unique('模糊轮次'),
        due: '2026-07-15',
        projectIds: [await w.fresh.project()],
      },
    }),
  },
  'POST /api/messages': {
    caller: 'finance',
    wrongCaller: 'department',
    prepare: async () => ({
      params: {},
      body: { county: PRIMARY, name: '模糊测试事项', payload: { ok: true } },
    }),
  },
  'PUT /api/tasks/{id}/draft': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({
      params: { id: (await w.fresh.task()).task },
      body: { data: { projectName: '草稿' }, comment: '暂存' },
    }),
  },
  'POST /api/tasks/{id}/claim': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task } }),
  },
  'POST /api/tasks/{id}/unclaim': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({ params: { id: await w.fresh.claimedTask() } }),
  },
  'POST /api/tasks/{id}/complete': {
    caller: 'department',
    wrongCaller: 'oversight',
    prepare: async (w) => ({
      params: { id: (await w.fresh.task()).task },
      body: { outcome: 'submit', data: example(DECLARATION) },
    }),
  },
  // Approval operations (issue 14): the department holds the fresh task; another department does not.
  'POST /api/tasks/{id}/transfer': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({
      params: { id: (await w.fresh.task()).task },
      body: { to: `${PRIMARY}.yusuan` },
    }),
  },
  'POST /api/tasks/{id}/delegate': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({
      params: { id: (await w.fresh.task()).task },
      body: { to: `${PRIMARY}.yusuan` },
    }),
  },
  'POST /api/tasks/{id}/resolve': {
    caller: 'department',
    wrongCaller: 'oversight',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task }, body: {} }),
  },
  'POST /api/tasks/{id}/return': {
    caller: 'department',
    wrongCaller: 'oversight',
    prepare: async (w) => ({
      params: { id: (await w.fresh.task()).task },
      body: { target: 'firstReview', comment: '退回' },
    }),
  },
  'POST /api/tasks/{id}/withdraw': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task }, body: {} }),
  },
  'POST /api/instances/{id}/withdraw': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).instance }, body: {} }),
  },
  'POST /api/tasks/{id}/remind': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task } }),
  },
  'POST /api/tasks/{id}/copy': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task }, body: { to: ['yusuan'] } }),
  },
  'POST /api/copies/{id}/read': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async () => ({ params: { id: 'ffffffffffffffffffffffff' } }),
  },
  'POST /api/tasks/{id}/attachments': {
    caller: 'department',
    wrongCaller: 'otherDepartment',
    prepare: async (w) => ({ params: { id: (await w.fresh.task()).task } }),
    attacks: uploadAttacks,
  },
  'DELETE /api/attachments/{id}': {
    caller: 'department',
    wrongCaller: 'finance',
    prepare: async (w) => ({ params: { id: await w.fresh.attachment() } }),
  },
  'POST /api/notifications/{id}/read': {
    caller: 'department',
    wrongCaller: 'otherCountyDepartment',
    prepare: async (w) => ({ params: { id: w.primary.notification } }),
  },
  'POST /api/exports/stage-tables/jobs': {
    caller: 'finance',
    wrongCaller: 'otherCountyDepartment',
    prepare: async () => ({ params: {}, body: { year: 2026, stage: DECLARATION, county: PRIMARY } }),
  },
  // Imports take the .xlsx file as the body itself: every attack sends something that is not one.
  'POST /api/imports/projects': {
    caller: 'finance',
    wrongCaller: 'department',
    prepare: async () => ({ params: {}, body: { rows: [] } }),
    attacks: (base) => xlsxAttacks(base, `?county=${PRIMARY}&dryRun=true`),
  },
  'POST /api/imports/indicators': {
    caller: 'countyAdmin',
    wrongCaller: 'finance',
    prepare: async () => ({ params: {}, body: { rows: [] } }),
    attacks: (base) => xlsxAttacks(base, `?county=${PRIMARY}`),
  },
  'POST /api/admin/counties': {
    caller: 'superadmin',
    wrongCaller: 'countyAdmin',
    runs: 6,
    prepare: async (w) => ({
      params: {},
      body: {
        id: `mo-hu-${w.fresh.unique('x').replace(/[^a-z0-9]+/g, '-')}`,
        name: '模糊测试县',
        from: { kind: 'base' },
      },
    }),
  },
  'PUT /api/admin/counties/{county}/manifest': {
    ...STUDIO,
    runs: 5,
    prepare: async (w) => ({ params: county, body: { manifest: await deployed(w, 'county', PRIMARY) } }),
  },
  'DELETE /api/admin/counties/{county}/manifest': { ...STUDIO, prepare: async () => ({ params: county }) },
  'PUT /api/admin/counties/{county}/forms/{formId}': {
    ...STUDIO,
    runs: 5,
    prepare: async (w) => ({
      params: { ...county, formId: DECLARATION },
      body: { form: await deployed(w, 'form', DECLARATION) },
    }),
  },
  'DELETE /api/admin/counties/{county}/forms/{formId}': {
    ...STUDIO,
    prepare: async () => ({ params: { ...county, formId: DECLARATION } }),
  },
  'PUT /api/admin/counties/{county}/processes/{processId}': {
    ...STUDIO,
    runs: 5,
    prepare: async (w) => ({
      params: { ...county, processId: DECLARATION },
      body: { xml: await deployed(w, 'process', DECLARATION) },
    }),
    attacks: bpmnAttacks,
  },
  'DELETE /api/admin/counties/{county}/processes/{processId}': {
    ...STUDIO,
    prepare: async () => ({ params: { ...county, processId: DECLARATION } }),
  },
  'POST /api/admin/counties/{county}/publish': {
    ...STUDIO,
    runs: 6,
    prepare: async () => ({ params: county, body: { note: '模糊测试' } }),
  },
  'POST /api/admin/counties/{county}/rollback': {
    ...STUDIO,
    runs: 6,
    prepare: async () => ({ params: county, body: { kind: 'form', artifactId: DECLARATION, version: 1 } }),
  },
  // Last: an accepted run may change the policy in force, which no route fuzzed before should meet.
  'PUT /api/security/password-policy': {
    caller: 'securityAdmin',
    wrongCaller: 'superadmin',
    runs: 2,
    prepare: async (w) => {
      const res = await w.request('securityAdmin', { method: 'GET', path: '/api/security/password-policy' });
      const { defaults: _defaults, ...policy } = res.json as Record<string, unknown>;
      return { params: {}, body: policy };
    },
  },
};
