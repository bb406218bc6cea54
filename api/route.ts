// How every route is declared: its zod schemas are both the validation and the OpenAPI description, and
// authentication plus the role check run here, before any handler. Unit-scope checks live in scope.ts.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Role } from '../prisma/db';
import type { AuthUser } from './auth';
import { ValidationError, forbidden } from './errors';
import { localeOf, type Locale } from './i18n';

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.infer<P>;
  query: z.infer<Q>;
  body: z.infer<B>;
  user: AuthUser;
  locale: Locale;
  req: Request;
  res: Response;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. "/cycles/:id". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Roles allowed; 'public' skips authentication (sign-in only). */
  roles: readonly Role[] | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** Success status (200 by default). */
  status?: number;
  /** The body is a file of one of these content types (req.body is then a Buffer). */
  upload?: { contentTypes: string[]; maxBytes: number };
  /** The success response is a file of this content type (or of one of these): instead of JSON, or beside it when `response` is given too. */
  produces?: string | readonly string[];
  /**
   * The success response's shape, documented in the OpenAPI document (and so in the web app's typed client).
   * Documentation only: the handler's result is sent as it is.
   */
  response?: z.ZodType;
  /** The shape of the route's 409 refusal, when its details carry data a screen reads (documentation only). */
  refusal?: z.ZodType;
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Where a NUL character hides in a request's input (PostgreSQL cannot store one in text): its path, or null. */
function nulPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulPath(inner, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return null;
}

function parse<T extends z.ZodType>(schema: T | undefined, data: unknown, where: string): z.infer<T> {
  const nul = nulPath(data);
  if (nul) {
    const issue = { code: 'custom', path: nul, message: 'NUL character', params: { key: 'validate.nul' }, input: '' } as z.core.$ZodIssue;
    throw new ValidationError([issue], where);
  }
  if (!schema) return {} as z.infer<T>;
  // With its input, an issue tells a field left out from one of the wrong kind (api/validation-messages.ts).
  const parsed = schema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) throw new ValidationError(parsed.error.issues, where);
  return parsed.data;
}

/**
 * Outside tests a route's responses are checked against their documented shape one in this many (the first
 * always): a drift still shows in the log within moments, and an exam's paper is not serialised twice per start.
 */
const UNCHECKED_BETWEEN_CHECKS = 100;

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

export class ApiRoutes {
  readonly registry = new OpenAPIRegistry();

  constructor(
    private readonly router: Router,
    private readonly authenticate: RequestHandler,
    /** Refuse (500) a response that does not match its documented shape, instead of only logging it: tests. */
    private readonly strictResponses = false,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  }

  route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(spec: RouteSpec<P, Q, B>): void {
    let responsesSeen = 0;
    this.registry.registerPath({
      method: spec.method,
      path: openApiPath(spec.path),
      tags: [spec.tag],
      summary: spec.summary,
      description: [spec.description, spec.roles === 'public' ? undefined : `Roles: ${spec.roles.join(', ')}`]
        .filter(Boolean)
        .join('\n\n'),
      security: spec.roles === 'public' ? [] : [{ bearer: [] }],
      // The roles allowed, for machines (the authorization test walks every operation x role from it).
      'x-roles': spec.roles === 'public' ? [] : [...spec.roles],
      request: {
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.upload
          ? { body: { content: Object.fromEntries(spec.upload.contentTypes.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }])) } }
          : {}),
      },
      responses: {
        [spec.status ?? 200]: successResponse(spec),
        400: { description: 'Invalid input: `error.details` says which field and why' },
        ...(spec.roles === 'public' ? {} : { 401: { description: 'Not signed in' }, 403: { description: 'Role or unit scope refused' } }),
        404: { description: 'Not found' },
        409: spec.refusal
          ? { description: 'Not allowed in the current state', content: { 'application/json': { schema: spec.refusal } } }
          : { description: 'Not allowed in the current state' },
        503: { description: 'A part of the system (the workflow server, its workers, the database) is away for the moment: `Retry-After` says when to try again, the message whether the action was applied' },
      },
    });

    const middleware: RequestHandler[] = spec.roles === 'public' ? [] : [this.authenticate];
    if (spec.upload) middleware.push(express.raw({ type: () => true, limit: spec.upload.maxBytes }));
    this.router[spec.method](spec.path, ...middleware, async (req: Request, res: Response) => {
      const locale = localeOf(req);
      const user = req.user as AuthUser;
      if (spec.roles !== 'public' && !spec.roles.includes(user.role)) {
        throw forbidden('auth.forbiddenRole', { role: user.role, allowed: spec.roles.join(', ') });
      }
      const input = {
        params: parse(spec.params, req.params, 'params'),
        query: parse(spec.query, req.query, 'query'),
        body: spec.upload ? req.body : parse(spec.body, req.body, 'body'),
        user,
        locale,
        req,
        res,
      };
      const result = await spec.handle(input);
      if (res.headersSent) return;
      if (spec.response && (this.strictResponses || responsesSeen++ % UNCHECKED_BETWEEN_CHECKS === 0)) this.checkResponse(spec, result, req);
      // A handler may choose its status (201 created / 200 unchanged); otherwise the route's.
      res.status(res.statusCode !== 200 ? res.statusCode : (spec.status ?? 200)).json(result);
    });
  }

  /** The typed web client trusts the documented shape, so a handler that drifts from it must be noticed. */
  private checkResponse(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>, result: unknown, req: Request) {
    const checked = spec.response!.safeParse(JSON.parse(JSON.stringify(result ?? null)));
    if (checked.success) return;
    const problem = { route: `${spec.method.toUpperCase()} ${spec.path}`, issues: checked.error.issues.slice(0, 5) };
    if (this.strictResponses) throw new Error(`response does not match its documented schema: ${JSON.stringify(problem)}`);
    req.log?.error(problem, 'response does not match its documented schema');
  }
}

/** The success answer as documented: JSON of the response shape, and/or the file types the route produces. */
function successResponse(spec: { response?: z.ZodType; produces?: string | readonly string[] }) {
  const files = [spec.produces ?? []].flat().map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }] as const);
  const json = spec.response ? [['application/json', { schema: spec.response }] as const] : [];
  const content = Object.fromEntries([...json, ...files]);
  return Object.keys(content).length ? { description: 'Success', content } : { description: 'Success' };
}

/** Query parameters shared by every list. */
export const pageQuery = z.object({
  // (Bounded: a page past what any table holds is a mistake, and the offset must fit the database's integers.)
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export function page<T>(items: T[], total: number, q: { page: number; pageSize: number }) {
  return { items, page: q.page, pageSize: q.pageSize, total };
}

export const skipTake = (q: { page: number; pageSize: number }) => ({ skip: (q.page - 1) * q.pageSize, take: q.pageSize });

export const idParam = z.object({ id: z.string().min(1).max(100) });
