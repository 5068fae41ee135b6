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
import { limitBodyDepth } from './http/body-depth';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { requestGuard } from './http/request-guard';
import { registerCountyRoutes } from './http/counties/routes';
import { registerHealthRoutes } from './http/health/routes';
import { registerFormRoutes } from './http/forms/routes';
import { registerInstanceRoutes } from './http/instances/routes';
import { registerMessageRoutes } from './http/messages/routes';
import { registerNotificationRoutes } from './http/notifications/routes';
import { registerLedgerRoutes } from './http/ledger/routes';
import { registerProjectRoutes } from './http/projects/routes';
import { registerStageRoutes } from './http/stages/routes';
import { registerTaskOperationRoutes } from './http/task-operations/routes';
import { registerTaskRoutes } from './http/tasks/routes';
import { registerDiagramRoutes } from './http/diagrams/routes';
import { registerAttachmentRoutes } from './http/attachments/routes';
import { registerFinanceRoutes } from './http/finance/routes';
import { registerCountySettingsRoutes } from './http/county-settings/routes';
import { registerAdminRoutes } from './http/admin';
import { serveWebApp } from './http/web/static';
import { registerExportRoutes } from './http/exports/routes';
import { ExportService } from './services/exports';
import { registerPackageRoutes } from './http/packages/routes';
import { ReportPackageService } from './services/packages';
import { registerImportRoutes } from './http/imports/routes';
import { ProjectImportService } from './services/imports/projects';
import { IndicatorImportService } from './services/imports/indicators';
import { registerStatisticsRoutes } from './http/statistics/routes';
import { CountyViewService } from './services/statistics/county-view';
import { createStudio } from './services/admin';
import { AuditTrail } from './services/audit/trail';
import { DeploymentService } from './services/deployments';
import { formCoreValidator, type FormValidator } from './services/form-validation';
import { InstanceService } from './services/instances';
import { loopHandlers } from './services/loop/handlers';
import { LedgerService } from './services/loop/ledger';
import { builtInHandlers, type ServiceHandler } from './services/runtime/handlers';
import { Runtime } from './services/runtime/runtime';
import { MessageService } from './services/messages';
import { StageService } from './services/stages';
import { TaskOperations } from './services/task-operations';
import { TaskService } from './services/tasks';
import { AccessPolicy } from './services/access';
import { ProjectService } from './services/projects';
import { Scheduler } from './jobs/scheduler';
import { createModels } from './models';
import { AuthService } from './services/auth';
import { systemClock, type Clock } from './services/clock';
import type { CountyDirectory } from './services/county-directory';
import { LoginThrottle } from './services/login-throttle';
import { AccountService } from './services/accounts';
import { AuditLog } from './services/audit-log';
import { passwordGate } from './services/password-gate';
import { PasswordPolicyService } from './services/password-policy';
import { SecurityService } from './services/security';
import { registerAccountRoutes } from './http/accounts/routes';
import { registerAuditRoutes } from './http/audit/routes';
import { registerSecurityRoutes } from './http/security/routes';

export interface AppDeps {
  db: Connection;
  config: AppConfig;
  counties: CountyDirectory;
  clock?: Clock;
  logger?: Logger;
  formValidator?: FormValidator;
  handlers?: Record<string, ServiceHandler>;
}

export type AppServices = ReturnType<typeof createServices>;

/** Every service of the runtime, wired once; main.ts and tests reach them through app.services. */
export function createServices(deps: AppDeps) {
  const { db, config, counties } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const models = createModels(db);
  const throttle = new LoginThrottle(db, {
    maxFailures: config.login.maxFailures,
    lockMinutes: config.login.lockMinutes,
    maxUnknownPerAddress: config.login.maxUnknownPerHour,
  });
  const auth = new AuthService(models, clock, config.session, throttle);
  const access = new AccessPolicy(counties);
  const audit = new AuditTrail(models, clock, logger);
  const auditLog = new AuditLog(models, counties, clock, audit);
  const passwordPolicy = new PasswordPolicyService(models, clock);
  const accounts = new AccountService(models, counties, access, passwordPolicy, auditLog, throttle, clock);
  const security = new SecurityService(models, passwordPolicy, throttle, auditLog, clock);
  const deployments = new DeploymentService(models, clock);
  const exports = new ExportService(models, deployments, counties, access);
  const reportPackages = new ReportPackageService(models, exports, counties, access);
  const runtime = new Runtime(models, deployments, counties, clock, logger, audit, {
    ...builtInHandlers,
    reportPackage: reportPackages.handler(),
    ...loopHandlers(deployments),
    ...deps.handlers,
  });
  const projects = new ProjectService(models, counties, access);
  const ledger = new LedgerService(models, access, projects, clock);
  const tasks = new TaskService(
    models,
    runtime,
    deployments,
    counties,
    access,
    deps.formValidator ?? formCoreValidator,
    clock,
    audit,
  );
  const taskOperations = new TaskOperations({
    models,
    runtime,
    tasks,
    access,
    counties,
    clock,
    deployments,
  });
  const stages = new StageService(models, runtime, deployments, counties, projects, access, clock, logger);
  const instances = new InstanceService(models, tasks, access);
  const messages = new MessageService(models, runtime, access);
  const scheduler = new Scheduler(models, runtime, audit, clock, logger);
  const projectImports = new ProjectImportService(models, counties, access, clock);
  const countyView = new CountyViewService(models, counties, access, clock);
  const studio = createStudio({
    models,
    access,
    deployments,
    counties,
    clock,
    logger,
    repoDir: config.repoDir,
    seedDemoUsers: config.env !== 'production',
  });
  return {
    models,
    counties,
    clock,
    logger,
    auth,
    access,
    audit,
    auditLog,
    passwordPolicy,
    passwordGate: passwordGate(passwordPolicy, clock),
    accounts,
    security,
    deployments,
    runtime,
    projects,
    ledger,
    tasks,
    taskOperations,
    stages,
    instances,
    messages,
    scheduler,
    studio,
    exports,
    reportPackages,
    projectImports,
    countyView,
  };
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Express app from its dependencies; never listens (main.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express & { services: AppServices } {
  const { db, config, counties } = deps;
  const services = createServices(deps);
  const { logger, auth, access } = services;

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
  app.use(requestGuard());
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
  app.use('/api', limitBodyDepth());
  // Another process may have published a county: look at the marker (at most once a second) before
  // serving. Not while the database is away: the request would wait for it instead of failing fast.
  app.use('/api', (_req, _res, next) => {
    if (db.readyState !== 1) return next();
    counties
      .refresh()
      .catch((err: unknown) => logger.warn({ err }, 'county refresh failed; serving the manifests in memory'))
      .finally(() => next());
  });

  const api = new Api(authenticate(auth, services.passwordGate));
  registerHealthRoutes(api, db);
  registerAuthRoutes(
    api,
    auth,
    counties,
    services.accounts,
    services.passwordGate,
    config.env !== 'production',
  );
  registerCountyRoutes(api, counties, access);
  registerProjectRoutes(api, services.projects);
  registerLedgerRoutes(api, services.ledger);
  registerStageRoutes(api, services.stages);
  registerTaskRoutes(api, services.tasks, services.taskOperations);
  registerTaskOperationRoutes(api, services.taskOperations);
  registerMessageRoutes(api, services.messages);
  registerInstanceRoutes(api, services.instances);
  registerFormRoutes(api, services.deployments, access);
  registerNotificationRoutes(api, services.models, services.tasks);
  registerDiagramRoutes(api, services);
  registerAttachmentRoutes(api, services);
  registerFinanceRoutes(api, services, counties);
  registerCountySettingsRoutes(api, counties, access);
  registerAdminRoutes(api, services.studio);
  registerExportRoutes(api, services.exports);
  registerImportRoutes(api, services.projectImports, new IndicatorImportService(services.studio));
  registerStatisticsRoutes(api, services.countyView);
  registerPackageRoutes(api, services.reportPackages);
  registerAccountRoutes(api, services.accounts, counties);
  registerSecurityRoutes(api, services.security);
  registerAuditRoutes(api, services.auditLog);
  const openapi = api.openapi({ title: '预算绩效管理平台 API', version: '1' });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api', api.router());
  app.use('/api', notFoundHandler);
  serveWebApp(app, config);
  app.use(errorHandler);

  return Object.assign(app, { services });
}
