import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../../config';

/** Where `vite build` puts the browser app (packages/web/vite.config.ts). */
export function webAppDir(config: AppConfig): string {
  return path.join(config.repoDir, 'packages', 'web', 'dist', 'app');
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Serves the browser app on the API's port. Hashed files under /assets never change, so browsers keep
 * them for a year; index.html names the current hashes, so it is revalidated on every load. Any other GET
 * outside /api that asks for HTML is a client-side route (a bookmarked /tasks/…): it gets index.html.
 * index.html loads only same-origin module scripts, so helmet's `script-src 'self'` holds.
 */
export function serveWebApp(app: Express, config: AppConfig): void {
  const dir = webAppDir(config);
  const index = path.join(dir, 'index.html');
  app.use(
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders(res, file) {
        if (file.startsWith(path.join(dir, 'assets') + path.sep))
          res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
        else res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/')) return next();
    if (req.path.startsWith('/assets/') || !req.accepts('html')) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('前端页面尚未构建：请用 npm start 启动（会自动构建），或运行 npm run build:web');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
