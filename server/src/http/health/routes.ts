import type { Connection } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { Api } from '../api';

const PING_TIMEOUT_MS = 2000;

/** Liveness and readiness in one: ok only while the database answers a ping. */
export function registerHealthRoutes(api: Api, db: Connection): void {
  api.route({
    method: 'get',
    path: '/health',
    tag: '系统',
    summary: '健康检查',
    auth: false,
    responses: [
      { status: 200, description: '正常', schema: z.object({ status: z.literal('ok') }) },
      { status: 503, description: '数据库不可用 (SERVICE_UNAVAILABLE)' },
    ],
    handler: async () => {
      const ping = db.db?.admin().ping();
      const ok = await Promise.race([
        ping?.then(() => true).catch(() => false) ?? Promise.resolve(false),
        new Promise<boolean>((resolve) => setTimeout(resolve, PING_TIMEOUT_MS, false).unref()),
      ]);
      if (!ok) throw new AppError('SERVICE_UNAVAILABLE', 503, '数据库暂时无法访问');
      return { status: 'ok' };
    },
  });
}
