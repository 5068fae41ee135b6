/**
 * Who may do what: one row per route of GET /api/openapi.json (some routes have more than one row, for
 * an attack of their own), one column per kind of caller, each cell the answer the caller must get.
 *
 * Columns (support/world.ts CALLERS; the documents addressed are the primary county's, heilongjiang-city):
 *   SA   superadmin                      admin
 *   CA   county admin                    heilongjiang-city.admin
 *   FIN  finance section (业务股室)       heilongjiang-city.yewu
 *   CEN  center (财政投资评审中心)        heilongjiang-city.pingshen
 *   LEAD leadership (局党组)              heilongjiang-city.dangzu
 *   OVS  oversight (市人大, read-only)    heilongjiang-city.renda
 *   DEP  the project's own department    heilongjiang-city.jiaoyu
 *   ODEP another department, same county heilongjiang-city.weijian
 *   XDEP a department of another county  hailin.jiaoyu
 *   XADM the admin of another county     hailin.admin
 *   ANON nobody (no Authorization header)
 *
 * A cell is a status code, or 'a|b' where either answer is truly right (a refusal whose exact code is the
 * fixer's choice). Placeholders in urls and bodies:
 *   {county} {project} {instance} {task} {attachment} {batch} {round} {notification}
 *       the primary county's seeded documents (a running 绩效目标 stage with the department's open task,
 *       a PDF on it, a monitoring round launched by 业务股室);
 *   {other.project} {other.instance} ...   the other county's (hailin);
 *   {fresh.project} {fresh.task} {fresh.claimedTask} {fresh.attachment}
 *       made anew for each cell (the department's), for requests that change what they touch;
 *   {fresh.account}   an account of the county's department unit, made by the superadmin for each cell;
 *   {job}   an export job 业务股室 started; {unique}   a name not used before; {self}  the caller's own user name;
 *   {account} {account.username}   an account made for the matrix (of the department unit), for reads;
 *   {policy}   the password policy in force (writing it back changes nothing).
 * `draft` stores a studio draft equal to what is deployed before each cell; `freshSession` logs the caller
 * in anew (the request ends its session); `upload` sends a small PDF as multipart/form-data.
 *
 * No column is the 安全管理员 or the 安全审计员 (三员分立): access-matrix.test.ts checks their routes in a
 * describe of its own (SECURITY_ADMIN, AUDITOR below). For every matrix caller, the superadmin included,
 * the security and audit routes are refused.
 */
export type Cell = number | `${number}|${number}` | `${number}|${number}|${number}`;
export type Cells = [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

export interface Row {
  /** As in openapi.json: `METHOD /api/path/{param}`. */
  route: string;
  /** What this row tries, when a route has more than one row. */
  variant?: string;
  url: string;
  body?: unknown;
  upload?: boolean;
  draft?: ['county' | 'form' | 'process', string];
  freshSession?: boolean;
  expect: Cells;
  /** Listed defect (issue 10) this row holds the correct behaviour for. */
  defect?: string;
}

const DECLARATION = 'target-declaration';

// prettier-ignore
export const MATRIX: Row[] = [
  //                                                                                               SA   CA   FIN  CEN  LEAD OVS  DEP  ODEP XDEP XADM ANON
  { route: 'GET /api/health', url: '/api/health',                                         expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/login', url: '/api/auth/login',
    body: { username: 'heilongjiang-city.jiaoyu', password: 'demo' },                     expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'POST /api/auth/login', variant: 'a wrong password for oneself', url: '/api/auth/login',
    body: { username: '{self}', password: 'not-demo' },                                   expect: [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401] },
  { route: 'POST /api/auth/logout', url: '/api/auth/logout', freshSession: true,          expect: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 401] },
  { route: 'GET /api/me', url: '/api/me',                                                 expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/counties', url: '/api/counties',                                     expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/counties/{id}/settings', url: '/api/counties/{county}/settings',     expect: [200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401] },
  { route: 'GET /api/counties/{id}/org-units', url: '/api/counties/{county}/org-units',   expect: [200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401] },
  { route: 'GET /api/forms/{formId}/example', url: `/api/forms/${DECLARATION}/example?county={county}`,
                                                                                          expect: [200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401] },

  // Projects: departments declare their own; county-wide units read all of the county; nothing crosses counties.
  { route: 'POST /api/projects', url: '/api/projects',
    body: { county: '{county}', name: '{unique}', amount: 100, year: 2026, category: 'new', kind: 'project', department: 'jiaoyu' },
                                                                                          expect: [201, 201, 403, 403, 403, 403, 201, 403, 403, 403, 401] },
  { route: 'GET /api/projects', url: '/api/projects?limit=200',                           expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/projects/{id}', url: '/api/projects/{project}',                      expect: [200, 200, 200, 200, 200, 200, 200, 403, 404, 404, 401] },
  { route: 'POST /api/projects/{id}/stages/{stageId}/start', url: `/api/projects/{fresh.project}/stages/${DECLARATION}/start`,
    body: {},                                                                             expect: [201, 201, 201, 201, 403, 403, 201, 403, 404, 404, 401] },
  { route: 'POST /api/projects/{id}/stages/{stageId}/start', variant: 'the same running stage again under a made-up round',
    url: `/api/projects/{project}/stages/${DECLARATION}/start`, body: { round: '{unique}' }, defect: '8',
                                                                                          expect: ['400|409', '400|409', '400|409', '400|409', 403, 403, '400|409', 403, 404, 404, 401] },

  // Batches and rounds: county-wide finance units launch; the batch is the county's business.
  { route: 'POST /api/stages/{stageId}/batches', url: '/api/stages/monitoring/batches',
    body: { county: '{county}', projectIds: ['{fresh.project}'], round: '{unique}' },     expect: [202, 202, 202, 202, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/stages/{stageId}/batches', variant: "naming the other county's project", defect: '2',
    url: '/api/stages/monitoring/batches', body: { county: '{county}', projectIds: ['{other.project}'], round: '{unique}' },
                                                                                          expect: ['400|403|404', '400|403|404', '400|403|404', '400|403|404', 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/batches/{id}', url: '/api/batches/{batch}', defect: '9',             expect: [200, 200, 200, 200, 200, 200, '403|404', '403|404', 404, 404, 401] },
  { route: 'POST /api/finance/rounds', url: '/api/finance/rounds',
    body: { county: '{county}', stageId: 'monitoring', round: '{unique}', due: '2026-07-15', projectIds: ['{fresh.project}'] },
                                                                                          expect: [202, 202, 202, 202, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/finance/rounds', variant: "naming the other county's project", defect: '2', url: '/api/finance/rounds',
    body: { county: '{county}', stageId: 'monitoring', round: '{unique}', due: '2026-07-15', projectIds: ['{other.project}'] },
                                                                                          expect: ['400|403|404', '400|403|404', '400|403|404', '400|403|404', 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/finance/rounds', url: '/api/finance/rounds?county={county}&stageId=monitoring',
                                                                                          expect: [200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 401] },
  { route: 'GET /api/finance/submissions', url: '/api/finance/submissions?county={county}&stageId=monitoring&round={round}',
                                                                                          expect: [200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 401] },
  { route: 'GET /api/finance/submissions', variant: "a round that named the other county's project", defect: '2',
    url: '/api/finance/submissions?county={county}&stageId=monitoring&round={attack.round}',
                                                                                          expect: [200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 401] },
  { route: 'POST /api/messages', url: '/api/messages', body: { county: '{county}', name: '安全测试事项' },
                                                                                          expect: [200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/messages', variant: "naming the other county's instance", url: '/api/messages',
    body: { county: '{county}', name: '人代会批准', instanceIds: ['{other.instance}'] },       expect: [200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 401] },

  // Tasks: only their audience (candidates, assignee, completer) sees them; everyone else is told "not found".
  { route: 'GET /api/tasks', url: '/api/tasks?status=open&limit=200',                     expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/tasks', variant: 'completed', url: '/api/tasks?status=completed',    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/tasks/{id}', url: '/api/tasks/{task}',                               expect: [404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 401] },
  { route: 'PUT /api/tasks/{id}/draft', url: '/api/tasks/{task}/draft', body: { data: {}, comment: '草稿' },
                                                                                          expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/claim', url: '/api/tasks/{fresh.task}/claim',            expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/unclaim', url: '/api/tasks/{fresh.claimedTask}/unclaim', expect: [404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/complete', url: '/api/tasks/{fresh.task}/complete',
    body: { outcome: 'submit', data: '{example.target-declaration}' },                    expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/attachments', url: '/api/tasks/{fresh.task}/attachments', upload: true,
                                                                                          expect: [404, 404, 404, 404, 404, 403, 201, 404, 404, 404, 401] },

  // Approval operations (issue 14): the task's holder acts; read-only units never write; nobody else sees it.
  { route: 'POST /api/tasks/{id}/transfer', url: '/api/tasks/{fresh.task}/transfer', body: { to: 'heilongjiang-city.yusuan' },
                                                                                          expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/delegate', url: '/api/tasks/{fresh.task}/delegate', body: { to: 'heilongjiang-city.yusuan' },
                                                                                          expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/resolve', url: '/api/tasks/{fresh.task}/resolve', body: {}, expect: [404, 404, 404, 404, 404, 403, 409, 404, 404, 404, 401] },
  { route: 'GET /api/tasks/{id}/return-targets', url: '/api/tasks/{task}/return-targets', expect: [404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/return', url: '/api/tasks/{fresh.task}/return', body: { target: 'firstReview', comment: '退回' },
                                                                                          expect: [404, 404, 404, 404, 404, 403, 400, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/withdraw', url: '/api/tasks/{fresh.task}/withdraw', body: {}, expect: [404, 404, 404, 404, 404, 404, 409, 404, 404, 404, 401] },
  { route: 'POST /api/instances/{id}/withdraw', url: '/api/instances/{instance}/withdraw', body: {},
                                                                                          expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/remind', url: '/api/tasks/{fresh.task}/remind',           expect: [404, 200, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'GET /api/tasks/{id}/operations', url: '/api/tasks/{task}/operations',         expect: [404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 401] },
  { route: 'GET /api/tasks/{id}/next-approvers', url: '/api/tasks/{task}/next-approvers?outcome=submit',
                                                                                          expect: [404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 401] },
  { route: 'POST /api/tasks/{id}/copy', url: '/api/tasks/{fresh.task}/copy', body: { to: ['yusuan'] },
                                                                                          expect: [404, 404, 404, 404, 404, 403, 200, 404, 404, 404, 401] },
  { route: 'POST /api/copies/{id}/read', url: '/api/copies/none/read',                    expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401] },

  // Instances and their files: whoever may see the project, or holds a task on it.
  { route: 'GET /api/instances/{id}', url: '/api/instances/{instance}',                   expect: [200, 200, 200, 200, 200, 200, 200, 403, 404, 404, 401] },
  { route: 'GET /api/instances/{id}/diagram', url: '/api/instances/{instance}/diagram',   expect: [200, 200, 200, 200, 200, 200, 200, 403, 404, 404, 401] },
  { route: 'GET /api/instances/{id}/attachments', url: '/api/instances/{instance}/attachments',
                                                                                          expect: [200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 401] },
  { route: 'GET /api/attachments/{id}', url: '/api/attachments/{attachment}',             expect: [200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 401] },
  { route: 'DELETE /api/attachments/{id}', url: '/api/attachments/{fresh.attachment}',    expect: [404, 404, 404, 404, 404, 403, 204, 404, 404, 404, 401] },

  // Notifications: one's own; marking another's is a no-op (no probe: the answer is the same).
  { route: 'GET /api/notifications', url: '/api/notifications?limit=200',                 expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'POST /api/notifications/{id}/read', url: '/api/notifications/{notification}/read',
                                                                                          expect: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 401] },

  // Studio: the county's admin and the superadmin; anyone else 403 (the studio is not a place to probe).
  { route: 'GET /api/admin/counties', url: '/api/admin/counties',                         expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 401] },
  { route: 'POST /api/admin/counties', url: '/api/admin/counties',
    body: { id: 'an-quan-{unique}', name: '安全测试县', from: { kind: 'base' } },              expect: [201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/admin/counties', variant: 'an id of one letter and a name of a NUL', defect: '11', url: '/api/admin/counties',
    body: { id: 'x', name: '\u0000', from: { kind: 'base' } },                            expect: [400, '400|403', '400|403', '400|403', '400|403', '400|403', '400|403', '400|403', '400|403', '400|403', 401] },
  { route: 'GET /api/admin/counties/{county}', url: '/api/admin/counties/{county}',       expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'PUT /api/admin/counties/{county}/manifest', url: '/api/admin/counties/{county}/manifest',
    body: { manifest: '{deployed.manifest}' },                                            expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'DELETE /api/admin/counties/{county}/manifest', url: '/api/admin/counties/{county}/manifest', draft: ['county', 'heilongjiang-city'],
                                                                                          expect: [204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/admin/counties/{county}/problems', url: '/api/admin/counties/{county}/problems',
                                                                                          expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/admin/counties/{county}/forms/{formId}', url: `/api/admin/counties/{county}/forms/${DECLARATION}`,
                                                                                          expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'PUT /api/admin/counties/{county}/forms/{formId}', url: `/api/admin/counties/{county}/forms/${DECLARATION}`,
    body: { form: '{deployed.form}' },                                                    expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'DELETE /api/admin/counties/{county}/forms/{formId}', url: `/api/admin/counties/{county}/forms/${DECLARATION}`, draft: ['form', DECLARATION],
                                                                                          expect: [204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/admin/counties/{county}/processes/{processId}', url: `/api/admin/counties/{county}/processes/${DECLARATION}`,
                                                                                          expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'PUT /api/admin/counties/{county}/processes/{processId}', url: `/api/admin/counties/{county}/processes/${DECLARATION}`,
    body: { xml: '{deployed.process}' },                                                  expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'DELETE /api/admin/counties/{county}/processes/{processId}', url: `/api/admin/counties/{county}/processes/${DECLARATION}`, draft: ['process', DECLARATION],
                                                                                          expect: [204, 204, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/admin/counties/{county}/publish', url: '/api/admin/counties/{county}/publish', draft: ['process', DECLARATION],
    body: {},                                                                             expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/admin/counties/{county}/history', url: '/api/admin/counties/{county}/history',
                                                                                          expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  // The only version there is: an authorized caller reaches the service, which has nothing to restore.
  { route: 'POST /api/admin/counties/{county}/rollback', url: '/api/admin/counties/{county}/rollback',
    body: { kind: 'form', artifactId: DECLARATION, version: 1 },                          expect: [409, 409, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/admin/counties/{county}/diff', url: '/api/admin/counties/{county}/diff?against=base',
                                                                                          expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  // Exports, imports, statistics and 报送人大 packages (issue 13): what one may see, one may export.
  { route: 'GET /api/projects/{id}/stages/{stage}/export', url: `/api/projects/{project}/stages/${DECLARATION}/export?format=xlsx`,
                                                                                                    expect: [200, 200, 200, 200, 200, 200, 200, 403, 404, 404, 401] },
  { route: 'POST /api/exports/stage-tables/jobs', url: '/api/exports/stage-tables/jobs', body: { year: 2026, stage: DECLARATION, county: '{county}' },
                                                                                                    expect: [202, 202, 202, 202, 202, 202, 202, 202, 202, 202, 401] },
  // A job is its starter's (业务股室 started the seeded one): anyone else is told it does not exist.
  { route: 'GET /api/exports/jobs/{id}', url: '/api/exports/jobs/{job}',                          expect: [404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 401] },
  { route: 'GET /api/exports/jobs/{id}/file', url: '/api/exports/jobs/{job}/file',                expect: [404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 401] },
  { route: 'GET /api/exports/stage-tables', url: `/api/exports/stage-tables?year=2026&stage=${DECLARATION}&county={county}`,
                                                                                                    expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'GET /api/imports/projects/template', url: '/api/imports/projects/template?county={county}',
                                                                                                    expect: [200, 200, 200, 200, 200, 403, 403, 403, 404, 404, 401] },
  { route: 'POST /api/imports/projects', url: '/api/imports/projects?county={county}&dryRun=true', upload: true,
                                                                                                    expect: [400, 400, 400, 400, 400, 403, 403, 403, 404, 404, 401] },
  // Sent as JSON, the body is gone by the time the import reads it: refused, never left hanging.
  { route: 'POST /api/imports/projects', variant: 'a JSON body', url: '/api/imports/projects?county={county}&dryRun=true', body: {},
                                                                                                    expect: [415, 415, 415, 415, 415, 403, 403, 403, 404, 404, 401] },
  { route: 'GET /api/imports/indicators/template', url: '/api/imports/indicators/template?county={county}',
                                                                                                    expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/imports/indicators', url: '/api/imports/indicators?county={county}', upload: true,
                                                                                                    expect: [400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/imports/indicators', variant: 'a JSON body', url: '/api/imports/indicators?county={county}', body: {},
                                                                                                    expect: [415, 415, 415, 415, 415, 415, 415, 415, 415, 415, 401] },
  { route: 'GET /api/instances/{id}/packages', url: '/api/instances/{instance}/packages',         expect: [200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 401] },
  // No seeded route reaches a reporting step, so no package exists: an unknown id is not found for all.
  { route: 'GET /api/packages/{id}', url: '/api/packages/{instance}:report',                      expect: [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 401] },
  { route: 'GET /api/statistics/county', url: '/api/statistics/county?year=2026&county={county}', expect: [200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401] },
  { route: 'GET /api/statistics/county/export', url: '/api/statistics/county/export?year=2026&county={county}',
                                                                                                    expect: [200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401] },

  // Accounts (issue 12): one's own password and logins; the login page's options for anybody.
  { route: 'GET /api/auth/options', url: '/api/auth/options',                                     expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200] },
  // A wrong current password: refused for all, so no caller's password (or session) changes.
  { route: 'POST /api/auth/password', url: '/api/auth/password', body: { current: 'not-demo', next: 'Matrix-Passw0rd-x' },
                                                                                                    expect: [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 401] },
  { route: 'GET /api/me/logins', url: '/api/me/logins',                                           expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },

  // 用户管理 (系统管理员): the superadmin everywhere, a county admin its own county's accounts; the other county's admin is told they do not exist.
  { route: 'GET /api/admin/users', url: '/api/admin/users?limit=200',                             expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 401] },
  { route: 'GET /api/admin/users', variant: "the other county's accounts", url: '/api/admin/users?county=hailin',
                                                                                                    expect: [200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 401] },
  { route: 'POST /api/admin/users', url: '/api/admin/users',
    body: { username: 'heilongjiang-city.{unique}', displayName: '矩阵新建账号', county: '{county}', orgUnit: 'jiaoyu' },
                                                                                                    expect: [201, 201, 403, 403, 403, 403, 403, 403, 403, 400, 401] },
  { route: 'POST /api/admin/users', variant: 'granting 安全审计员', url: '/api/admin/users',
    body: { username: 'heilongjiang-city.{unique}', displayName: '矩阵新建账号', county: '{county}', systemRoles: ['auditor'] },
                                                                                                    expect: [201, 400, 403, 403, 403, 403, 403, 403, 403, 400, 401] },
  { route: 'GET /api/admin/users/placements', url: '/api/admin/users/placements',                 expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 200, 401] },
  { route: 'GET /api/admin/users/import-template', url: '/api/admin/users/import-template?county={county}',
                                                                                                    expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  // Only an administrator of the county gets the file read (a PDF is no workbook); nobody else's reaches the parser.
  { route: 'POST /api/admin/users/import', url: '/api/admin/users/import?county={county}', upload: true,
                                                                                                    expect: [400, 400, 403, 403, 403, 403, 403, 403, 403, 400, 401] },
  { route: 'GET /api/admin/users/{id}', url: '/api/admin/users/{account}',                        expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401] },
  { route: 'PATCH /api/admin/users/{id}', url: '/api/admin/users/{fresh.account}', body: { displayName: '矩阵改名' },
                                                                                                    expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401] },
  { route: 'POST /api/admin/users/{id}/disable', url: '/api/admin/users/{fresh.account}/disable', expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401] },
  { route: 'POST /api/admin/users/{id}/enable', url: '/api/admin/users/{fresh.account}/enable',   expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401] },
  { route: 'POST /api/admin/users/{id}/reset-password', url: '/api/admin/users/{fresh.account}/reset-password',
                                                                                                    expect: [200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 401] },
  { route: 'POST /api/admin/users/{id}/unlock', url: '/api/admin/users/{fresh.account}/unlock',   expect: [204, 204, 403, 403, 403, 403, 403, 403, 403, 404, 401] },

  // 安全管理 (安全管理员) and 安全审计 (安全审计员): no matrix caller holds either duty, the superadmin neither.
  { route: 'GET /api/security/password-policy', url: '/api/security/password-policy',             expect: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401] },
  { route: 'PUT /api/security/password-policy', url: '/api/security/password-policy', body: '{policy}',
                                                                                                    expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/security/lockouts', url: '/api/security/lockouts',                           expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/security/lockouts/{username}/unlock', url: '/api/security/lockouts/{account.username}/unlock',
                                                                                                    expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/security/sessions', url: '/api/security/sessions',                           expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'POST /api/security/users/{username}/end-sessions', url: '/api/security/users/{account.username}/end-sessions',
                                                                                                    expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/audit/actions', url: '/api/audit/actions',                                   expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/audit/counties', url: '/api/audit/counties',                                 expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/audit/events', url: '/api/audit/events',                                     expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },
  { route: 'GET /api/audit/events/export', url: '/api/audit/events/export',                       expect: [403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 401] },

  // 预算台账: everyone who may see the project reads it; finance sections and centers (and the county's admins) record it.
  { route: 'GET /api/projects/{id}/ledger', url: '/api/projects/{project}/ledger',                expect: [200, 200, 200, 200, 200, 200, 200, 403, 404, 404, 401] },
  { route: 'PUT /api/projects/{id}/ledger', url: '/api/projects/{fresh.project}/ledger',
    body: { annualBudget: 120, adjustment: -5, payments: [{ month: 3, amount: 10 }] },          expect: [200, 200, 200, 200, 403, 403, 403, 403, 404, 404, 401] },
  { route: 'PUT /api/projects/{id}/ledger', variant: "the other county's project", url: '/api/projects/{other.project}/ledger',
    body: { annualBudget: 1 },                                                                    expect: [200, 404, 404, 404, 404, 404, 404, 404, 403, 200, 401] },
  // A PDF is no 国库 export: a recorder is told what is wrong with it, anybody else that it may not import.
  { route: 'POST /api/ledger/payments/import', url: '/api/ledger/payments/import?county={county}&year=2026', upload: true,
                                                                                                    expect: [400, 400, 400, 400, 403, 403, 403, 403, 403, 403, 401] },
];

/** The 安全管理员's and the 安全审计员's answers: [route, url, body?, security-admin, auditor]. */
export interface StaffRow {
  route: string;
  url: string;
  body?: unknown;
  expect: [Cell, Cell];
}

// prettier-ignore
export const STAFF_ROWS: StaffRow[] = [
  //                                                                                            SEC  AUD
  { route: 'GET /api/auth/options', url: '/api/auth/options',                                  expect: [200, 200] },
  { route: 'GET /api/me/logins', url: '/api/me/logins',                                        expect: [200, 200] },
  { route: 'GET /api/security/password-policy', url: '/api/security/password-policy',          expect: [200, 200] },
  { route: 'PUT /api/security/password-policy', url: '/api/security/password-policy', body: '{policy}',
                                                                                                 expect: [200, 403] },
  { route: 'GET /api/security/lockouts', url: '/api/security/lockouts',                        expect: [200, 403] },
  { route: 'POST /api/security/lockouts/{username}/unlock', url: '/api/security/lockouts/{account.username}/unlock',
                                                                                                 expect: [204, 403] },
  { route: 'GET /api/security/sessions', url: '/api/security/sessions',                        expect: [200, 403] },
  { route: 'POST /api/security/users/{username}/end-sessions', url: '/api/security/users/{account.username}/end-sessions',
                                                                                                 expect: [200, 403] },
  { route: 'POST /api/security/users/{username}/end-sessions', url: '/api/security/users/nobody.at-all/end-sessions',
                                                                                                 expect: [404, 403] },
  { route: 'GET /api/audit/actions', url: '/api/audit/actions',                                expect: [403, 200] },
  { route: 'GET /api/audit/counties', url: '/api/audit/counties',                              expect: [403, 200] },
  { route: 'GET /api/audit/events', url: '/api/audit/events?limit=5',                          expect: [403, 200] },
  { route: 'GET /api/audit/events/export', url: '/api/audit/events/export?county={county}',   expect: [403, 200] },
  // 三员分立: neither administers accounts, nor works the county's business.
  { route: 'GET /api/admin/users', url: '/api/admin/users',                                    expect: [403, 403] },
  { route: 'GET /api/admin/users/{id}', url: '/api/admin/users/{account}',                     expect: [403, 403] },
  { route: 'POST /api/admin/users/{id}/disable', url: '/api/admin/users/{account}/disable',    expect: [403, 403] },
  { route: 'POST /api/admin/users/{id}/reset-password', url: '/api/admin/users/{account}/reset-password',
                                                                                                 expect: [403, 403] },
  { route: 'PUT /api/projects/{id}/ledger', url: '/api/projects/{project}/ledger', body: { annualBudget: 1 },
                                                                                                 expect: ['403|404', '403|404'] },
];
