// Rule sets as data: coordinators write drafts (validated on save, every problem with its path), activate them
// as the next version, and preview a LEVEL draft against a past cycle's results before adopting it. A version
// once ACTIVE never changes, because cycles froze it by id; staff may read the versions in force.
import { z } from 'zod';
import { previewLevels } from '../../services/levels';
import type { Prisma, PrismaClient, RuleSet } from '../../prisma/db';
import { parseRuleSetWithLevelChecks } from '../../rules/level';
import { RULE_SET_KINDS, RuleSetError } from '../../rules/rule-set-schema';
import { activateDraft, createDraft, isDraft, recordPreview, updateDraft, withUse } from '../../services/rule-set-versions';
import type { AuthUser } from '../auth';
import { HttpError, badRequest, conflict, notFound } from '../errors';
import { STAFF_ROLES } from '../scope';
import { loadVisibleCycle } from '../lookups';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { isoTime } from '../response-shapes';
import { ruleSetIssueInVietnamese } from '../rule-set-issues';

const EDITORS = ['COORDINATOR'] as const;
const kindSchema = z.enum(RULE_SET_KINDS);

/** The document is checked by parseRuleSet, which names every problem; zod only asks for a JSON object here. */
const documentBody = z.record(z.string(), z.unknown()).meta({
  description:
    'A rule-set document: { id, kind, nameVi, nameEn, description?, rules: [{ name, priority, conditions, event }] } as in rules/level/v1.json. ' +
    'The version is assigned by the server (a draft gets its number when activated).',
});

const listQuery = pageQuery.extend({
  kind: kindSchema.optional(),
  status: z.enum(['DRAFT', 'ACTIVE', 'RETIRED']).optional(),
  version: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

const previewBody = z.object({ cycleId: z.string().min(1).max(100) });

const ruleSetStatus = z.enum(['DRAFT', 'ACTIVE', 'RETIRED']);
const ruleSetSummary = z.object({
  id: z.string(),
  kind: kindSchema,
  status: ruleSetStatus,
  version: z.number().int().nullable().describe('null for a draft: it gets its number when activated'),
  draftNumber: z.number().int().optional(),
  nameVi: z.string(),
  nameEn: z.string(),
  checksum: z.string(),
  createdById: z.string().nullable(),
  createdAt: isoTime,
  frozenByCycles: z.number().int().optional().describe('Cycles that froze this version'),
});
const ruleSetView = ruleSetSummary.extend({ definition: z.record(z.string(), z.unknown()).describe('The rule-set document') });
const ruleSetPage = z.object({ items: z.array(ruleSetSummary), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });
const levelKey = z.enum(['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED', 'NONE']);
const byLevel = z.object({ LEVEL_3: z.number().int(), LEVEL_2: z.number().int(), LEVEL_1: z.number().int(), NOT_ACHIEVED: z.number().int(), NONE: z.number().int() });
const previewResponse = z.object({
  ruleSet: z.object({ id: z.string(), kind: kindSchema, status: ruleSetStatus, version: z.number().int().nullable(), nameVi: z.string(), nameEn: z.string() }),
  cycle: z.object({ id: z.string(), code: z.string() }),
  cycleId: z.string(),
  frozenRuleSetId: z.string().nullable(),
  results: z.number().int(),
  current: byLevel,
  proposed: byLevel,
  matrix: z.object({ LEVEL_3: byLevel, LEVEL_2: byLevel, LEVEL_1: byLevel, NOT_ACHIEVED: byLevel, NONE: byLevel }).describe('matrix[now][with the previewed rules] = results'),
  moved: z.object({ total: z.number().int(), up: z.number().int(), down: z.number().int() }),
  movers: z.object({
    items: z.array(
      z.object({
        resultId: z.string(),
        officerId: z.string(),
        employeeCode: z.string(),
        fullName: z.string(),
        unit: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string() }),
        positionId: z.string(),
        score: z.number(),
        from: levelKey,
        to: levelKey,
        explanation: z.string(),
      }),
    ),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  }),
});

/** A row as the API shows it: a draft's version is null and its placeholder is its draft number. */
function present(row: RuleSet & { _count?: Record<string, number> }, withDefinition: boolean) {
  const frozenBy = row._count ? Object.values(row._count).reduce((a, b) => a + b, 0) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    version: isDraft(row) ? null : row.version,
    ...(isDraft(row) ? { draftNumber: -row.version } : {}),
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    checksum: row.checksum,
    createdById: row.createdById,
    createdAt: row.createdAt,
    ...(frozenBy === undefined ? {} : { frozenByCycles: frozenBy }),
    ...(withDefinition ? { definition: row.definition } : {}),
  };
}

/** Runs `work`, naming every problem of an invalid document under body.<path> (a 400). */
async function validated<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof RuleSetError)) throw err;
    throw new HttpError(400, 'INVALID_RULE_SET', 'ruleSet.invalid', { count: err.issues.length }, err.issues.map((i) => ({
      path: i.path === '(document)' ? 'body' : `body.${i.path}`,
      text: { vi: ruleSetIssueInVietnamese(i.message), en: i.message },
    })));
  }
}

async function findRuleSet(prisma: PrismaClient, id: string, user: AuthUser) {
  const row = await prisma.ruleSet.findUnique({ where: { id }, include: withUse });
  // Drafts are the coordinators' work in progress: to anyone else they do not exist.
  if (!row || (isDraft(row) && user.role !== 'COORDINATOR')) throw notFound('RuleSet', id);
  return row;
}

export function ruleSetRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/rule-sets',
    tag: 'Rule sets',
    summary: 'Rule sets by kind, status and version, newest first (drafts only for coordinators)',
    response: ruleSetPage,
    roles: STAFF_ROLES,
    query: listQuery,
    async handle({ query, user }) {
      const where: Prisma.RuleSetWhereInput = {
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.version ? { version: query.version } : {}),
        ...(user.role === 'COORDINATOR' ? (query.status ? { status: query.status } : {}) : { status: query.status && query.status !== 'DRAFT' ? query.status : { not: 'DRAFT' } }),
      };
      const [items, total] = await Promise.all([
        prisma.ruleSet.findMany({ where, orderBy: [{ kind: 'asc' }, { status: 'asc' }, { version: 'desc' }], include: withUse, ...skipTake(query) }),
        prisma.ruleSet.count({ where }),
      ]);
      return page(items.map((r) => present(r, false)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/rule-sets/:id',
    tag: 'Rule sets',
    summary: 'One rule set with its definition and how many cycles froze it',
    response: ruleSetView,
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      return present(await findRuleSet(prisma, params.id, user), true);
    },
  });

  routes.route({
    method: 'get',
    path: '/rule-sets/:kind/:version',
    tag: 'Rule sets',
    summary: 'One version of a kind of rule set, e.g. /rule-sets/LEVEL/1',
    response: ruleSetView,
    roles: STAFF_ROLES,
    params: z.object({ kind: kindSchema, version: z.coerce.number().int().positive().max(2_147_483_647) }),
    async handle({ params }) {
      const row = await prisma.ruleSet.findUnique({ where: { kind_version: { kind: params.kind, version: params.version } }, include: withUse });
      if (!row) throw notFound('RuleSet', `${params.kind}/${params.version}`);
      return present(row, true);
    },
  });

  routes.route({
    method: 'post',
    path: '/rule-sets',
    tag: 'Rule sets',
    summary: 'Save a new draft rule set; every problem of the document comes back with its path',
    response: ruleSetView,
    roles: EDITORS,
    body: documentBody,
    status: 201,
    async handle({ body, user }) {
      return present(await validated(() => createDraft(prisma, body, user)), true);
    },
  });

  routes.route({
    method: 'post',
    path: '/rule-sets/:id/copy',
    tag: 'Rule sets',
    summary: 'Start a draft from any version (the way to change an active one)',
    response: ruleSetView,
    roles: EDITORS,
    params: idParam,
    status: 201,
    async handle({ params, user }) {
      const source = await findRuleSet(prisma, params.id, user);
      return present(await validated(() => createDraft(prisma, source.definition as Record<string, unknown>, user, source)), true);
    },
  });

  routes.route({
    method: 'put',
    path: '/rule-sets/:id',
    tag: 'Rule sets',
    summary: 'Replace the document of a draft (an active or retired version is immutable: 409)',
    response: ruleSetView,
    roles: EDITORS,
    params: idParam,
    body: documentBody,
    async handle({ params, body, user }) {
      const row = await findRuleSet(prisma, params.id, user);
      if (!isDraft(row)) throw conflict('RULE_SET_IMMUTABLE', 'ruleSet.immutable', { kind: row.kind, version: row.version, status: row.status, id: row.id });
      if (body.kind !== row.kind && typeof body.kind === 'string') {
        throw badRequest('RULE_SET_KIND_CHANGED', 'ruleSet.kindChanged', { kind: row.kind, requested: body.kind }, [
          { path: 'body.kind', messageKey: 'ruleSet.kindChanged', params: { kind: row.kind, requested: body.kind } },
        ]);
      }
      // Only while still a draft: an activation in between wins, and this edit is refused.
      const updated = await validated(() => updateDraft(prisma, row, body, user));
      if (!updated) {
        const now = await prisma.ruleSet.findUniqueOrThrow({ where: { id: row.id } });
        throw conflict('RULE_SET_IMMUTABLE', 'ruleSet.immutable', { kind: now.kind, version: now.version, status: now.status, id: now.id });
      }
      return present(updated, true);
    },
  });

  routes.route({
    method: 'post',
    path: '/rule-sets/:id/activate',
    tag: 'Rule sets',
    summary: 'Activate a draft as the next version of its kind; cycles launched from now on freeze it, earlier ones keep theirs',
    response: ruleSetView,
    roles: EDITORS,
    params: idParam,
    async handle({ params, user }) {
      const activated = await validated(() => activateDraft(prisma, params.id, user));
      if (activated.kind === 'notFound') throw notFound('RuleSet', params.id);
      if (activated.kind === 'notDraft') {
        const { row } = activated;
        throw conflict('RULE_SET_NOT_DRAFT', 'ruleSet.notDraft', { kind: row.kind, version: row.version, status: row.status });
      }
      return present(activated.row, true);
    },
  });

  routes.route({
    method: 'post',
    path: '/rule-sets/:id/preview',
    tag: 'Rule sets',
    summary: "What a LEVEL rule set would change in a past cycle's levels: counts now and with it, the transition matrix, and who would move",
    response: previewResponse,
    description:
      '"Now" is each result\'s stored level, or what the cycle\'s frozen rule set gives when none is stored; NONE counts results with neither, ' +
      'or that no rule of the previewed set places. Movers are paged (`page`, `pageSize` ≤ 500) with their total, highest current level first; ' +
      'each has an explanation of the new level in the caller\'s language. Nothing is written except the audit entry.',
    roles: EDITORS,
    params: idParam,
    query: pageQuery,
    body: previewBody,
    async handle({ params, query, body, user, locale }) {
      const row = await findRuleSet(prisma, params.id, user);
      if (row.kind !== 'LEVEL') throw conflict('RULE_SET_NOT_LEVEL', 'ruleSet.previewKind', { kind: row.kind });
      const cycle = await loadVisibleCycle(prisma, user, body.cycleId);
      // Parsed from the row, never from loadRuleSet's cache: a draft changes under the same id.
      const rules = await validated(() => parseRuleSetWithLevelChecks(row.definition));
      const preview = await previewLevels(prisma, { cycleId: cycle.id, rules, page: query.page, pageSize: query.pageSize, locale });
      await recordPreview(prisma, row, cycle.id, preview, user);
      return {
        ruleSet: { id: row.id, kind: row.kind, status: row.status, version: isDraft(row) ? null : row.version, nameVi: row.nameVi, nameEn: row.nameEn },
        cycle: { id: cycle.id, code: cycle.code },
        ...preview,
      };
    },
  });
}
