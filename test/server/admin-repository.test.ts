import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { deployRepository } from '../../server/src/bootstrap';
import { decideRepositoryVersion, type NewestVersion } from '../../server/src/services/admin/repository-rule';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

describe('the repository-vs-studio rule', () => {
  const repository = (hash: string): NewestVersion => ({ hash, version: 1, source: 'repository' });
  const studio = (hash: string, repositoryHash: string | null): NewestVersion => ({
    hash,
    version: 2,
    source: 'studio',
    repositoryHash,
  });

  it('stores the repository where it changed and nothing newer came from the studio', () => {
    expect(decideRepositoryVersion('r1')).toBe('create');
    expect(decideRepositoryVersion('r1', repository('r1'))).toBe('unchanged');
    expect(decideRepositoryVersion('r2', repository('r1'))).toBe('create');
  });

  it('keeps a studio version while the repository stays as it was', () => {
    expect(decideRepositoryVersion('r1', studio('s1', 'r1'))).toBe('kept-studio');
    // A county created in the studio, whose file later appears with other content.
    expect(decideRepositoryVersion('r1', studio('s1', null))).toBe('conflict');
    expect(decideRepositoryVersion('r2', studio('s1', 'r1'))).toBe('conflict');
  });

  it('adopts a repository that caught up with the studio (pm export), so its next change wins again', () => {
    expect(decideRepositoryVersion('s1', studio('s1', 'r1'))).toBe('adopt');
    expect(decideRepositoryVersion('s1', studio('s1', 's1'))).toBe('unchanged');
    expect(decideRepositoryVersion('r3', studio('s1', 's1'))).toBe('create');
  });
});

/** A copy of the repository's artifacts, changed file by file between deploys as a developer would. */
describe('restarts against a repository that changes', () => {
  const COUNTY = 'hailin';
  const FORM = 'target-declaration';
  let repo: string;
  let ctx: TestContext;
  let token: string;
  const warnings: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line).msg) });
  const overlayFile = () => path.join(repo, 'forms', FORM, 'counties', `${COUNTY}.json`);
  const readOverlay = () =>
    existsSync(overlayFile()) ? JSON.parse(readFileSync(overlayFile(), 'utf8')) : {};
  const field = (title: string) => ({
    type: 'string',
    title,
    'x-decorator': 'FormItem',
    'x-component': 'Input',
  });
  type Overlay = { schema?: { properties?: Record<string, unknown> } };
  const withField = (overlay: Overlay, key: string, title: string) => ({
    ...overlay,
    schema: { ...overlay.schema, properties: { ...overlay.schema?.properties, [key]: field(title) } },
  });
  const restart = () => deployRepository(ctx.db, { ...ctx.config, repoDir: repo }, logger);
  const formVersions = async () =>
    (
      await ctx.http
        .get(`/api/admin/counties/${COUNTY}/history?kind=form&artifactId=${FORM}`)
        .set({ Authorization: `Bearer ${token}` })
    ).body.artifacts[0].versions as { version: number; source: string }[];

  beforeAll(async () => {
    repo = mkdtempSync(path.join(tmpdir(), 'pm-repo-'));
    for (const folder of ['counties', 'forms', 'processes'])
      cpSync(path.join(REPO_DIR, folder), path.join(repo, folder), { recursive: true });
    ctx = await createTestContext({ REPO_DIR: repo });
    token = await ctx.login(`${COUNTY}.admin`);
    const auth = { Authorization: `Bearer ${token}` };
    const current = await ctx.http.get(`/api/admin/counties/${COUNTY}/forms/${FORM}`).set(auth);
    const form = current.body.resolved;
    form.schema.properties.studioNote = field('工作室备注');
    expect(
      (await ctx.http.put(`/api/admin/counties/${COUNTY}/forms/${FORM}`).set(auth).send({ form })).status,
    ).toBe(200);
    expect((await ctx.http.post(`/api/admin/counties/${COUNTY}/publish`).set(auth).send({})).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('deploys what changed in the repository and keeps the studio version of the rest', async () => {
    const file = path.join(repo, 'counties', `${COUNTY}.json`);
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.settings.preAssessmentThreshold.value += 100;
    writeFileSync(file, JSON.stringify(manifest, null, 2));
    const { report } = await restart();
    expect(report.counties).toEqual(
      expect.arrayContaining([{ county: COUNTY, action: 'create', version: 2 }]),
    );
    expect(report.keptStudio).toEqual([{ kind: 'form', county: COUNTY, artifactId: FORM, version: 2 }]);
    expect(report.conflicts).toEqual([]);
    await ctx.app.services.counties.refresh(true);
    expect(ctx.app.services.counties.get(COUNTY)!.settings.preAssessmentThreshold.value).toBe(
      manifest.settings.preAssessmentThreshold.value,
    );
  });

  it('keeps the studio version when both changed, and says so in the report and the log', async () => {
    writeFileSync(overlayFile(), JSON.stringify(withField(readOverlay(), 'repoNote', '仓库备注')));
    const { report } = await restart();
    expect(report.conflicts).toEqual([
      expect.objectContaining({ kind: 'form', county: COUNTY, artifactId: FORM, studioVersion: 2 }),
    ]);
    expect(report.conflicts[0].message).toContain('保留工作室发布的第 2 版');
    expect(warnings).toContain(report.conflicts[0].message);
    expect((await formVersions())[0]).toMatchObject({ version: 2, source: 'studio' });
    // Nothing changes until someone reconciles them: the next start says it again.
    expect((await restart()).report.conflicts).toHaveLength(1);
  });

  it('lets the repository win again once it has caught up with the studio', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const deployed = await ctx.http.get(`/api/admin/counties/${COUNTY}/forms/${FORM}`).set(auth);
    writeFileSync(overlayFile(), JSON.stringify(deployed.body.overlay)); // what `pm export` writes
    const caughtUp = await restart();
    expect(caughtUp.report.conflicts).toEqual([]);
    expect(caughtUp.report.keptStudio).toEqual([]);

    writeFileSync(overlayFile(), JSON.stringify(withField(readOverlay(), 'repoNote', '仓库备注')));
    const changed = await restart();
    expect(changed.report.created).toEqual([{ kind: 'form', county: COUNTY, artifactId: FORM, version: 3 }]);
    expect((await formVersions()).map((v) => [v.version, v.source])).toEqual([
      [3, 'repository'],
      [2, 'studio'],
      [1, 'repository'],
    ]);
  });
});
