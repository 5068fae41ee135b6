import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../server/src/config';
import { serveWebApp } from '../../server/src/http/web/static';

describe('serving the built browser app', () => {
  const repo = mkdtempSync(path.join(os.tmpdir(), 'pm-web-'));
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  function appWith(built: boolean) {
    const dir = path.join(repo, built ? 'built' : 'empty');
    if (built) {
      mkdirSync(path.join(dir, 'packages/web/dist/app/assets'), { recursive: true });
      writeFileSync(
        path.join(dir, 'packages/web/dist/app/index.html'),
        '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
      );
      writeFileSync(path.join(dir, 'packages/web/dist/app/assets/index-abc123.js'), 'console.log(1)');
    }
    const app = express();
    app.get('/api/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    serveWebApp(app, loadConfig({ NODE_ENV: 'test', REPO_DIR: dir }));
    app.use((_req, res) => {
      res.status(404).json({ error: { code: 'NOT_FOUND' } });
    });
    return request(app);
  }

  it('caches hashed assets for a year and revalidates index.html', async () => {
    const http = appWith(true);
    const asset = await http.get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await http.get('/').set('Accept', 'text/html');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.text).toContain('/assets/index-abc123.js');
  });

  it('answers client-side routes with index.html but leaves /api and missing assets alone', async () => {
    const http = appWith(true);
    const route = await http.get('/tasks/0123456789abcdef01234567').set('Accept', 'text/html');
    expect(route.status).toBe(200);
    expect(route.text).toContain('<script type="module"');
    expect((await http.get('/api/nothing').set('Accept', 'text/html')).status).toBe(404);
    expect((await http.get('/assets/missing.js')).status).toBe(404);
    expect((await http.post('/tasks').set('Accept', 'text/html')).status).toBe(404);
  });

  it('says in Chinese how to build when the app is missing', async () => {
    const res = await appWith(false).get('/').set('Accept', 'text/html');
    expect(res.status).toBe(503);
    expect(res.text).toMatch(/前端页面尚未构建/);
  });
});
