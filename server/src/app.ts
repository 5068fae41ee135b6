import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './config';
import { Api } from './http/api';
import { registerAuthRoutes } from './http/auth/routes';
import { authenticate } from './http/authenticate';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { registerCountyRoutes } from './http/counties/routes';
import { registerHealthRoutes } from './http/health/routes';
import { registerProjectRoutes } from './http/projects/routes';
import { AccessPolicy } from './services/access';
import { ProjectService } from './services/projects';
import { createModels, type Models } from './models';
import { AuthService } from './services/auth';
import { systemClock, type Clock } from './services/clock';
import type { CountyDirectory } from './services/county-directory';
import { LoginThrottle } from './services/login-throttle';

export interface AppDeps {
  db: Connection;
  config: AppConfig;
  counties: CountyDirectory;
  clock?: Clock;
  logger?: Logger;
}

export interface AppServices {
  models: Models;
  auth: AuthService;
  clock: Clock;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Express app from its dependencies; never listens (main.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express & { services: AppServices } {
  const { db, config, counties } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const models = createModels(db);
  const throttle = new LoginThrottle(db, {
    maxFailures: config.login.maxFailures,
    lockMinutes: config.login.lockMinutes,
  });
  const auth = new AuthService(models, clock, config.session, throttle);

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      customProps: (req) => ({ user: (req as express.Request).auth?.user.username }),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // antd writes inline styles; scripts stay 'self' only (our expression compiler needs no eval).
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    }),
  );
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', express.json({ limit: config.jsonBodyLimit, strict: true }));

  const api = new Api(authenticate(auth));
  registerHealthRoutes(api, db);
  registerAuthRoutes(api, auth, counties);
  const access = new AccessPolicy(counties);
  registerCountyRoutes(api, counties, access);
  registerProjectRoutes(api, new ProjectService(models, counties, access));
  const openapi = api.openapi({ title: '预算绩效管理平台 API', version: '1' });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', api.router());
  app.use('/api', notFoundHandler);
  app.use(errorHandler);

  return Object.assign(app, { services: { models, auth, clock } });
}
