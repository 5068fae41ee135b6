import { MATRIX, STAFF_ROWS, type Row } from './access-matrix.table';
import { allowed, requestFor, type Extras } from './support/matrix';
import { Types } from 'mongoose';
import { send } from './support/http';
import {
  CALLER_KINDS,
  CALLERS,
  countyOf,
  createWorld,
  OTHER,
  PRIMARY,
  type CallerKind,
  type World,
} from './support/world';

/**
 * The access matrix (access-matrix.table.ts) against a deployed app with two counties' seeded documents:
 * every cell's status, and in every answer none of the other county's document ids or project names.
 */
let world: World;
const extras: Extras = {};

beforeAll(async () => {
  world = await createWorld();
  const deployed = async (kind: string, artifactId: string) =>
    (
      await world.db
        .collection('deployments')
        .find({ kind, county: PRIMARY, artifactId })
        .sort({ version: -1 })
        .limit(1)
        .next()
    )?.content;
  extras['deployed.manifest'] = await deployed('county', PRIMARY);
  extras['deployed.form'] = await deployed('form', 'target-declaration');
  extras['deployed.process'] = await deployed('process', 'target-declaration');
  const job = await world.request('finance', {
    method: 'POST',
    path: '/api/exports/stage-tables/jobs',
    json: { year: 2026, stage: 'target-declaration', county: PRIMARY },
  });
  extras.job = (job.json as { id: string }).id;
  extras.account = await world.fresh.account();
  extras['account.username'] = (
    await world.db.collection('users').findOne({ _id: new Types.ObjectId(String(extras.account)) })
  )?.username;
  const { defaults: _defaults, ...policy } = (
    await world.request('finance', { method: 'GET', path: '/api/security/password-policy' })
  ).json as Record<string, unknown>;
  extras.policy = policy;
  // The attack of defect 2: 业务股室 launches a round naming the other county's project. Whatever it is
  // answered, the round's submissions must never show that project (GET /api/finance/submissions row).
  extras['attack.round'] = world.fresh.unique('越权轮次');
  await world.request('finance', {
    method: 'POST',
    path: '/api/finance/rounds',
    json: {
      county: PRIMARY,
      stageId: 'monitoring',
      round: extras['attack.round'],
      due: '2026-07-15',
      projectIds: [world.other.project],
    },
  });
  await world.request('finance', {
    method: 'POST',
    path: '/api/stages/monitoring/batches',
    json: { county: PRIMARY, projectIds: [world.other.project], round: extras['attack.round'] },
  });
}, 120_000);
afterAll(() => world?.close());

const label = (row: Row) => `${row.route}${row.variant ? ` (${row.variant})` : ''}`;

test('every route of openapi.json has a row, and every row a route', async () => {
  const res = await send(world.baseUrl, { method: 'GET', path: '/api/openapi.json' });
  const paths = (res.json as { paths: Record<string, Record<string, unknown>> }).paths;
  const routes = Object.entries(paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const covered = new Set(MATRIX.map((row) => row.route));
  expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  expect([...covered].filter((route) => !routes.includes(route))).toEqual([]);
});

/** Whose ids a caller must never see: the other county's; anonymous callers nobody's; the superadmin sees all. */
async function forbiddenFor(kind: CallerKind): Promise<string[]> {
  if (kind === 'superadmin') return [];
  const county = countyOf(kind);
  if (county === PRIMARY) return world.secretsOf(OTHER);
  if (county === OTHER) return world.secretsOf(PRIMARY);
  return [...(await world.secretsOf(PRIMARY)), ...(await world.secretsOf(OTHER))];
}

describe.each(MATRIX.map((row) => [label(row), row] as const))('%s', (_name, row) => {
  test('each kind of caller gets its answer, and nothing of another county', async () => {
    const problems: string[] = [];
    const fresh = new Map<string, string>();
    for (const [i, kind] of CALLER_KINDS.entries()) {
      const spec = await requestFor(world, row, kind, extras, fresh);
      let reply;
      if (row.freshSession && CALLERS[kind]) {
        const login = await send(world.baseUrl, {
          method: 'POST',
          path: '/api/auth/login',
          json: { username: CALLERS[kind], password: 'demo' },
        });
        const token = (login.json as { token: string }).token;
        reply = await send(world.baseUrl, { ...spec, headers: { authorization: `Bearer ${token}` } });
      } else {
        reply = await world.request(kind, spec);
      }
      if (reply.status < 300) fresh.clear();
      const expected = allowed(row.expect[i]);
      if (!expected.includes(reply.status))
        problems.push(`${kind}: ${reply.status} (expected ${row.expect[i]}) ${reply.text.slice(0, 300)}`);
      if (reply.status >= 500) continue;
      const leaked = (await forbiddenFor(kind)).filter((secret) => reply.text.includes(secret));
      if (leaked.length > 0) problems.push(`${kind}: the answer names another county's ${leaked.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

/**
 * 三员分立's other two duties, which no matrix column holds: the 安全管理员 (policy, lockouts, sessions)
 * and the 安全审计员 (the audit trail), both of the platform, made by the superadmin (support/world.ts).
 */
describe.each(STAFF_ROWS.map((row) => [row.route, row] as const))('三员分立: %s', (_name, row) => {
  test('the security-admin and the auditor each get their answer', async () => {
    const problems: string[] = [];
    for (const [i, kind] of (['securityAdmin', 'auditor'] as const).entries()) {
      const spec = await requestFor(
        world,
        { ...row, expect: [] as unknown as Row['expect'] },
        kind,
        extras,
        new Map(),
      );
      const reply = await world.request(kind, spec);
      if (!allowed(row.expect[i]).includes(reply.status))
        problems.push(`${kind}: ${reply.status} (expected ${row.expect[i]}) ${reply.text.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
  });
});

test('an account import by someone who may not import is refused before its file is read', async () => {
  // Was: the route parsed the upload as a workbook before the service asked who sent it (400 for all).
  const reply = await world.request('department', {
    method: 'POST',
    path: `/api/admin/users/import?county=${PRIMARY}`,
    multipart: {
      field: 'file',
      filename: '账号.xlsx',
      content: Buffer.from('PK\u0003\u0004 not a workbook'),
    },
  });
  expect([reply.status, (reply.json as { error?: { code?: string } }).error?.code]).toEqual([
    403,
    'FORBIDDEN',
  ]);
});
