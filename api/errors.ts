// One error type and one error handler: every failure becomes JSON a person can act on, in their language.
import type {} from 'pino-http'; // adds req.id and req.log
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { LocalizedText } from '../domain/locale';
import { Prisma } from '../prisma/db';
import { temporalOutage } from '../services/workflow-gateway';
import { catalogues, localeOf, translate, type Locale, type MessageParams } from './i18n';
import { describeIssue } from './validation-messages';

export interface ErrorDetail {
  /** Where the problem is: "body.timeline.listsDueAt", "row 4, column B"... */
  path: string;
  message: string;
}

/**
 * What a detail says as data, beside its sentence, for a screen that shows it as a table (a shortfall's position,
 * competency and counts): sent as fields of the detail, never parsed out of its message.
 */
export type DetailFacts = Record<string, string | number | boolean | null | { id: string; nameVi: string; nameEn: string }>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly params: MessageParams = {},
    readonly details: { path: string; messageKey?: string; message?: string; text?: LocalizedText; params?: MessageParams; facts?: DetailFacts }[] = [],
    /** A message already written in both languages (row errors of an import), instead of a catalogue key. */
    readonly text?: LocalizedText,
  ) {
    super(`${code}: ${messageKey}`);
  }

  static localized(status: number, code: string, text: LocalizedText, details: HttpError['details'] = []): HttpError {
    return new HttpError(status, code, '', {}, details, text);
  }
}

export type { LocalizedText } from '../domain/locale';

export const badRequest = (code: string, key: string, params?: MessageParams, details?: HttpError['details']) =>
  new HttpError(400, code, key, params, details);
export const forbidden = (key: string, params?: MessageParams) => new HttpError(403, 'FORBIDDEN', key, params);
export const notFound = (entity: string, id: string) =>
  new HttpError(404, 'NOT_FOUND', 'error.notFound', { entity: `entity.${entity}`, id });
export const conflict = (code: string, key: string, params?: MessageParams) => new HttpError(409, code, key, params);

/** A file refused whole (a 422): one detail per problem, placed "row 3, column B", or "file" for the file itself. */
export const importRejected = (key: string, errors: readonly { row: number; column: string; message: LocalizedText }[]) =>
  new HttpError(422, 'IMPORT_REJECTED', key, { count: errors.length }, errors.map((e) => ({
    path: e.row ? `row ${e.row}${e.column ? `, column ${e.column}` : ''}` : 'file',
    text: e.message,
  })));

/** A request input that failed its zod schema: its issues are worded for the caller by the error handler. */
export class ValidationError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[], readonly where: string) {
    super('validation failed');
  }
}

function body(locale: Locale, code: string, message: string, details: ErrorDetail[] = [], requestId?: string) {
  return { error: { code, message, ...(details.length ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

function isRefusedValue(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (['P2000', 'P2007', 'P2020', 'P2033'].includes(err.code)) return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return typeof cause?.originalCode === 'string' && cause.originalCode.startsWith('22');
}

// The database going away or restarting, as Prisma, its pg driver adapter or pg itself report it.
const DATABASE_GONE_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const DATABASE_GONE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
const DATABASE_GONE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const DATABASE_GONE_TEXT = /database system is (starting up|shutting down|in recovery mode)|Connection terminated|not queryable|Can't reach database server|terminating connection due to administrator command/i;

function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 6; depth++) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && DATABASE_GONE_PRISMA.has(e.code)) return true;
    for (const code of [e.code, e.originalCode, e.kind]) {
      if (typeof code === 'string' && (DATABASE_GONE_CODES.has(code) || DATABASE_GONE_KINDS.has(code))) return true;
    }
    if (typeof e.message === 'string' && DATABASE_GONE_TEXT.test(e.message)) return true;
    const adapter = (e.meta as { driverAdapterError?: { cause?: Record<string, unknown> } } | undefined)?.driverAdapterError?.cause;
    e = adapter ?? (e.cause as Record<string, unknown> | undefined);
  }
  return false;
}

/** 503 with Retry-After: a part of the system is away for the moment; the message says whether anything was applied. */
function unavailable(res: Parameters<ErrorRequestHandler>[2], locale: Locale, code: string, messageKey: string, retryAfterSeconds: number) {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(503).json(body(locale, code, translate(locale, messageKey)));
}

export const routeNotFound: RequestHandler = (req, res) => {
  const locale = localeOf(req);
  res.status(404).json(body(locale, 'ROUTE_NOT_FOUND', translate(locale, 'error.routeNotFound', { method: req.method, path: req.path })));
};

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const locale = localeOf(req);
  if (err instanceof HttpError) {
    const details = err.details.map((d) => ({
      ...d.facts,
      path: d.path,
      message: d.text?.[locale] ?? d.message ?? translate(locale, d.messageKey ?? err.messageKey, d.params),
    }));
    const message = err.text?.[locale] ?? translate(locale, err.messageKey, err.params);
    res.status(err.status).json(body(locale, err.code, message, details));
    return;
  }
  if (err instanceof ValidationError) {
    const details = err.issues.map((i) => ({ path: [err.where, ...i.path.map(String)].join('.'), message: describeIssue(i, locale) }));
    res.status(400).json(body(locale, 'VALIDATION_FAILED', translate(locale, 'error.validation'), details));
    return;
  }
  if (err?.type === 'entity.too.large') {
    res.status(413).json(body(locale, 'BODY_TOO_LARGE', translate(locale, 'error.bodyTooLarge', { limit: `${Math.round(Number(err.limit) / 1024 / 1024)} MB` })));
    return;
  }
  // A path whose percent-encoding does not decode (/api/cycles/%E0%A4%A/phase).
  if (err instanceof URIError || (err?.status === 400 && /decode/i.test(String(err?.message)))) {
    res.status(400).json(body(locale, 'MALFORMED_URL', translate(locale, 'error.malformedUrl')));
    return;
  }
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json(body(locale, 'MALFORMED_JSON', translate(locale, 'error.malformedJson')));
    return;
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
    // The columns that repeat, in words ("Kỳ đánh giá, Công chức"): the person is told what is duplicated.
    // (Prisma names them in meta.target, or through the driver adapter in its error's constraint.)
    const meta = err.meta as { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
    const target = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields ?? [];
    const fields = (Array.isArray(target) ? target : [target]).map((f) => catalogues[locale][`field.${f}`] ?? f).join(', ');
    res.status(409).json(body(locale, 'DUPLICATE', translate(locale, 'error.conflict', { fields })));
    return;
  }
  // A value the database refuses (PostgreSQL's data exceptions, class 22: out of range, bad encoding; Prisma's
  // value too long or out of range) came from the request: a 400, and the transaction wrote nothing.
  if (isRefusedValue(err)) {
    req.log?.warn({ err }, 'value refused by the database');
    res.status(400).json(body(locale, 'VALUE_REFUSED', translate(locale, 'error.valueRefused')));
    return;
  }
  const outage = temporalOutage(err);
  if (outage) {
    req.log?.warn({ err }, 'Temporal did not answer');
    unavailable(res, locale, outage === 'unreachable' ? 'TEMPORAL_UNAVAILABLE' : 'TEMPORAL_NO_ANSWER', outage === 'unreachable' ? 'error.temporalUnavailable' : 'error.temporalNoAnswer', 10);
    return;
  }
  if (isDatabaseUnavailable(err)) {
    req.log?.warn({ err }, 'database unavailable');
    unavailable(res, locale, 'DATABASE_UNAVAILABLE', 'error.databaseUnavailable', 5);
    return;
  }
  const requestId = String(req.id ?? '');
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json(body(locale, 'INTERNAL', translate(locale, 'error.internal', { requestId }), [], requestId));
};
