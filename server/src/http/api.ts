import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors';
import type { AuthContext } from '../services/auth';
import { PASSWORD_CHANGE_MESSAGES } from '../services/password-gate';
import { parseInput } from './validate';

/**
 * One declaration per endpoint drives three things: the Express route, input validation with zod,
 * and the OpenAPI document (from the same schemas), so the contract cannot drift from the code.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  auth: AuthContext;
  req: Request;
  res: Response;
}

export interface RouteResponse {
  status: number;
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Express path relative to /api, e.g. `/projects/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Default true: the route needs a logged-in user. */
  auth?: boolean;
  /**
   * The few routes a user who must first change their password may use (change it, log out, who
   * am I); every other route answers 403 PASSWORD_CHANGE_REQUIRED until then.
   */
  beforePasswordChange?: boolean;
  body?: B;
  query?: Q;
  params?: P;
  responses: RouteResponse[];
  /** Returns the JSON body (status from `status`, default 200), or undefined for 204. */
  handler: (input: RouteInput<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<unknown> | unknown;
  status?: number;
}

interface Registered {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
}

const ANY = z.unknown();

export class Api {
  private readonly routes: Registered[] = [];

  constructor(private readonly authenticate: RequestHandler) {}

  route<
    B extends z.ZodType = z.ZodUnknown,
    Q extends z.ZodType = z.ZodUnknown,
    P extends z.ZodType = z.ZodUnknown,
  >(spec: RouteSpec<B, Q, P>): void {
    this.routes.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType> });
  }

  router(): Router {
    const router = Router();
    for (const { spec } of this.routes) {
      const handlers: RequestHandler[] = [];
      if (spec.auth !== false) handlers.push(this.authenticate);
      handlers.push(async (req, res) => {
        if (spec.auth !== false && req.passwordChange && !spec.beforePasswordChange)
          throw new AppError('PASSWORD_CHANGE_REQUIRED', 403, PASSWORD_CHANGE_MESSAGES[req.passwordChange], {
            reason: req.passwordChange,
          });
        const input = {
          body: spec.body ? parseInput(spec.body, req.body) : undefined,
          query: spec.query ? parseInput(spec.query, req.query) : undefined,
          params: spec.params ? parseInput(spec.params, req.params) : undefined,
          auth: req.auth as AuthContext,
          req,
          res,
        };
        if (spec.auth !== false && !req.auth) throw new AppError('UNAUTHENTICATED', 401, '请先登录');
        const result = await spec.handler(input);
        if (res.headersSent) return;
        if (result === undefined) res.status(204).end();
        else res.status(spec.status ?? 200).json(result);
      });
      router[spec.method](spec.path, ...handlers);
    }
    return router;
  }

  /** OpenAPI 3.1 (its schema dialect is JSON Schema 2020-12, which zod emits directly). */
  openapi(info: { title: string; version: string; description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const toSchema = (schema: z.ZodType | undefined, io: 'input' | 'output') => {
      const json = z.toJSONSchema(schema ?? ANY, {
        io,
        unrepresentable: 'any',
        target: 'draft-2020-12',
      }) as Record<string, unknown>;
      delete json.$schema;
      return json;
    };
    for (const { spec } of this.routes) {
      const openapiPath = `/api${spec.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      const parameters: unknown[] = [];
      for (const [where, schema] of [
        ['path', spec.params],
        ['query', spec.query],
      ] as const) {
        if (!schema) continue;
        const json = toSchema(schema, 'input') as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, prop] of Object.entries(json.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (json.required ?? []).includes(name),
            schema: prop,
          });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const r of spec.responses) {
        responses[String(r.status)] = {
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: toSchema(r.schema, 'output') } } } : {}),
        };
      }
      if (spec.auth !== false) responses['401'] ??= { $ref: '#/components/responses/Unauthenticated' };
      responses.default ??= { $ref: '#/components/responses/Error' };
      paths[openapiPath] ??= {};
      paths[openapiPath][spec.method] = {
        summary: spec.summary,
        tags: [spec.tag],
        ...(spec.auth !== false ? { security: [{ bearer: [] }] } : { security: [] }),
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
              },
            }
          : {}),
        responses,
      };
    }
    const errorSchema = {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', description: '稳定的错误码, e.g. VALIDATION_FAILED' },
            message: { type: 'string', description: '给人看的中文说明' },
            details: { description: '字段错误 [{path, message}] 或其他说明' },
          },
        },
      },
    };
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: { Error: errorSchema },
        responses: {
          Error: {
            description: '错误',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
          Unauthenticated: {
            description: '未登录或登录已过期',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    };
  }
}
