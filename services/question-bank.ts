// The question bank and the test blueprints: every write (an item, a new version, a status change, a file import,
// a blueprint version) runs in one transaction with its audit entries. An item's content lives in immutable
// versions: an edit adds a version and moves currentVersion; forms keep pointing at the versions they drew.
// Also the bank's sufficiency check: can the bank serve every active blueprint in scope?
import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient, type QuestionItemVersion, type Role } from '../prisma/db';
import { writeAudit } from './audit';
import { blueprintShortfalls, indexBank, type BankItem, type Shortfall } from '../domain/exam-form';
import {
  ITEM_CODE_SHAPE,
  MAX_ITEM_CODE_LENGTH,
  contentProblems,
  normaliseContent,
  problemColumn,
  questionMessage,
  questionRowError,
  sameContent,
  sortRowErrors,
  type ContentProblem,
  type Difficulty,
  type ItemContent,
  type ItemOption,
  type ItemStatus,
  type LocalizedText,
  type ParsedQuestionFile,
  type QuestionExportRow,
  type QuestionRowError,
} from './documents/question-file';
import { stripDiacritics, toSearchName } from '../domain/text';

export type { Shortfall } from '../domain/exam-form';

type Db = PrismaClient | Prisma.TransactionClient;

export interface BankActor {
  userId: string;
  role: Role;
}

export type BankRefusalCode =
  | 'ITEM_INVALID'
  | 'ITEM_NOT_FOUND'
  | 'ITEM_CODE_TAKEN'
  | 'STALE_VERSION'
  | 'ITEM_NOT_ACTIVATABLE'
  | 'POSITION_NOT_FOUND'
  | 'BLUEPRINT_INVALID';

/** Where a refused write went wrong: a text in both languages, or a message key of the API catalogue. */
export interface RefusalDetail {
  path: string;
  text?: LocalizedText;
  messageKey?: string;
  params?: Record<string, string | number>;
}

/** A write the bank refuses; nothing was written. The API turns the code into a status and a message. */
export class BankRefusal extends Error {
  constructor(
    readonly code: BankRefusalCode,
    readonly params: Record<string, string | number> = {},
    readonly details: RefusalDetail[] = [],
  ) {
    super(code);
    this.name = 'BankRefusal';
  }
}

// ───────────────────────────── Reading ─────────────────────────────

/** A version as read: its content (ItemContent, the one shape of an item's content) and who made it when. */
export interface ItemVersionView extends ItemContent {
  id: string;
  version: number;
  createdById: string | null;
  createdAt: Date;
}

export interface ItemView {
  id: string;
  code: string;
  status: ItemStatus;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  current: ItemVersionView;
}

export interface ItemFilters {
  competencyId?: string;
  difficulty?: Difficulty;
  fieldId?: string;
  /** Items that fit the position: listed for it, or listed for none and in its framework's competencies. */
  positionId?: string;
  status?: ItemStatus;
  /** Accent- and case-insensitive text in the stem, or part of the item code. */
  q?: string;
  codes?: string[];
}

/**
 * PostgreSQL's translate() arguments that fold every accented Latin letter (Vietnamese included, both cases, đ/Đ)
 * to its base letter: accent-insensitive search without the unaccent extension, agreeing with toSearchName.
 */
const ACCENT_FOLD = (() => {
  let from = '';
  let to = '';
  for (const [low, high] of [[0x00c0, 0x024f], [0x1e00, 0x1eff]]) {
    for (let cp = low; cp <= high; cp++) {
      const ch = String.fromCodePoint(cp);
      const base = stripDiacritics(ch);
      if (base !== ch && /^[A-Za-z]$/.test(base)) {
        from += ch;
        to += base;
      }
    }
  }
  return { from, to };
})();

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

function itemWhere(f: ItemFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (f.competencyId) conditions.push(Prisma.sql`v."competencyId" = ${f.competencyId}`);
  if (f.difficulty) conditions.push(Prisma.sql`v.difficulty = ${f.difficulty}::"Difficulty"`);
  if (f.fieldId) conditions.push(Prisma.sql`v."fieldId" = ${f.fieldId}`);
  if (f.status) conditions.push(Prisma.sql`i.status = ${f.status}::"ItemStatus"`);
  if (f.codes) conditions.push(Prisma.sql`i.code = ANY(${f.codes}::text[])`);
  if (f.positionId) {
    conditions.push(Prisma.sql`(${f.positionId} = ANY(v."positionIds") OR (cardinality(v."positionIds") = 0 AND EXISTS (
      SELECT 1 FROM "PositionCompetency" pc WHERE pc."positionId" = ${f.positionId} AND pc."competencyId" = v."competencyId")))`);
  }
  const needle = f.q ? toSearchName(f.q) : '';
  if (needle) {
    const pattern = `%${escapeLike(needle)}%`;
    conditions.push(Prisma.sql`(regexp_replace(lower(translate(v.stem, ${ACCENT_FOLD.from}, ${ACCENT_FOLD.to})), ${'\\s+'}, ' ', 'g') LIKE ${pattern}
      OR lower(i.code) LIKE ${pattern})`);
  }
  return Prisma.join(conditions, ' AND ');
}

interface CurrentRow {
  id: string;
  code: string;
  status: ItemStatus;
  currentVersion: number;
  createdAt: Date;
  updatedAt: Date;
  versionId: string;
  version: number;
  stem: string;
  options: unknown;
  correctKey: string;
  competencyId: string;
  difficulty: Difficulty;
  fieldId: string | null;
  positionIds: string[];
  createdById: string | null;
  versionCreatedAt: Date;
}

const CURRENT_COLUMNS = Prisma.sql`
  i.id, i.code, i.status::text AS status, i."currentVersion", i."createdAt", i."updatedAt",
  v.id AS "versionId", v.version, v.stem, v.options, v."correctKey", v."competencyId", v.difficulty::text AS difficulty,
  v."fieldId", v."positionIds", v."createdById", v."createdAt" AS "versionCreatedAt"`;
const CURRENT_FROM = Prisma.sql`"QuestionItem" i JOIN "QuestionItemVersion" v ON v."itemId" = i.id AND v.version = i."currentVersion"`;

const optionsOf = (json: unknown): ItemOption[] => (typeof json === 'string' ? JSON.parse(json) : json) as ItemOption[];

function currentView(r: CurrentRow): ItemView {
  return {
    id: r.id, code: r.code, status: r.status, currentVersion: r.currentVersion, createdAt: r.createdAt, updatedAt: r.updatedAt,
    current: {
      id: r.versionId, version: r.version, stem: r.stem, options: optionsOf(r.options), correctKey: r.correctKey,
      competencyId: r.competencyId, difficulty: r.difficulty, fieldId: r.fieldId, positionIds: r.positionIds,
      createdById: r.createdById, createdAt: r.versionCreatedAt,
    },
  };
}

/** What a list of items may be sorted by; "-" first for descending. Ties always fall back to the code. */
export const ITEM_SORTS = ['code', '-code', 'competency', '-competency', 'difficulty', '-difficulty', 'status', '-status', 'updatedAt', '-updatedAt'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

const SORT_COLUMN: Record<string, Prisma.Sql> = {
  code: Prisma.sql`i.code COLLATE "C"`,
  competency: Prisma.sql`v."competencyId" COLLATE "C"`,
  // Enum order: easy, medium, hard; draft, active, retired.
  difficulty: Prisma.sql`v.difficulty`,
  status: Prisma.sql`i.status`,
  updatedAt: Prisma.sql`GREATEST(i."updatedAt", v."createdAt")`,
};

function itemOrder(sort: ItemSort): Prisma.Sql {
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const direction = descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (key === 'code') return Prisma.sql`${SORT_COLUMN.code} ${direction}`;
  return Prisma.sql`${SORT_COLUMN[key]} ${direction}, ${SORT_COLUMN.code} ASC`;
}

/** Items at their current version, filtered, sorted (code order by default), one page at a time. */
export async function listItems(
  db: Db,
  filters: ItemFilters,
  page: { page: number; pageSize: number },
  sort: ItemSort = 'code',
): Promise<{ items: ItemView[]; total: number }> {
  const where = itemWhere(filters);
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<CurrentRow[]>`SELECT ${CURRENT_COLUMNS} FROM ${CURRENT_FROM} WHERE ${where}
      ORDER BY ${itemOrder(sort)} LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${CURRENT_FROM} WHERE ${where}`,
  ]);
  return { items: rows.map(currentView), total };
}

function versionView(v: QuestionItemVersion): ItemVersionView {
  return {
    id: v.id, version: v.version, stem: v.stem, options: optionsOf(v.options), correctKey: v.correctKey, competencyId: v.competencyId,
    difficulty: v.difficulty, fieldId: v.fieldId, positionIds: v.positionIds, createdById: v.createdById, createdAt: v.createdAt,
  };
}

export interface ItemDetail extends Omit<ItemView, 'current'> {
  /** Every version, oldest first; versions never change once written. */
  versions: ItemVersionView[];
}

export async function getItem(db: Db, id: string): Promise<ItemDetail | null> {
  const item = await db.questionItem.findUnique({ where: { id }, include: { versions: { orderBy: { version: 'asc' } } } });
  if (!item) return null;
  const { versions, ...rest } = item;
  return { ...rest, versions: versions.map(versionView) };
}

// ───────────────────────────── References ─────────────────────────────

interface References {
  competencies: Map<string, { id: string; code: string; fieldId: string | null; fieldCode: string | null }>;
  fields: Map<string, { id: string; code: string }>;
  positions: Map<string, { id: string; code: string; competencyIds: Set<string> }>;
}

/** The competencies, fields and positions named (by id in a request, by code in a file), keyed the same way. */
async function loadReferences(db: Db, by: 'id' | 'code', keys: { competencies: string[]; fields: string[]; positions: string[] }): Promise<References> {
  const [competencies, fields, positions] = await Promise.all([
    db.competency.findMany({ where: { [by]: { in: [...new Set(keys.competencies)] } }, include: { field: { select: { code: true } } } }),
    db.professionalField.findMany({ where: { [by]: { in: [...new Set(keys.fields)] } } }),
    db.jobPosition.findMany({ where: { [by]: { in: [...new Set(keys.positions)] } }, include: { competencies: { select: { competencyId: true } } } }),
  ]);
  return {
    competencies: new Map(competencies.map((c) => [c[by], { id: c.id, code: c.code, fieldId: c.fieldId, fieldCode: c.field?.code ?? null }])),
    fields: new Map(fields.map((f) => [f[by], { id: f.id, code: f.code }])),
    positions: new Map(positions.map((p) => [p[by], { id: p.id, code: p.code, competencyIds: new Set(p.competencies.map((c) => c.competencyId)) }])),
  };
}

interface Resolved {
  problems: ContentProblem[];
  competencyId: string;
  /** The given field, or else the competency's. */
  fieldId: string | null;
  positionIds: string[];
}

function resolveReferences(refs: References, keys: { competency: string; field: string | null; positions: string[] }): Resolved {
  const problems: ContentProblem[] = [];
  const competency = refs.competencies.get(keys.competency);
  if (!competency) {
    problems.push({ part: 'competency', code: 'UNKNOWN_COMPETENCY', params: { code: keys.competency } });
    return { problems, competencyId: '', fieldId: null, positionIds: [] };
  }
  let fieldId = competency.fieldId;
  if (keys.field) {
    const field = refs.fields.get(keys.field);
    if (!field) problems.push({ part: 'field', code: 'UNKNOWN_FIELD', params: { code: keys.field } });
    else if (competency.fieldId && competency.fieldId !== field.id) {
      problems.push({ part: 'field', code: 'FIELD_MISMATCH', params: { competency: competency.code, competencyField: competency.fieldCode ?? '', field: field.code } });
    } else fieldId = field.id;
  }
  const unknown = keys.positions.filter((k) => !refs.positions.has(k));
  if (unknown.length) problems.push({ part: 'positions', code: 'UNKNOWN_POSITIONS', params: { codes: unknown.join(', ') } });
  const found = keys.positions.map((k) => refs.positions.get(k)).filter((p) => p !== undefined);
  const lacking = found.filter((p) => !p.competencyIds.has(competency.id));
  if (lacking.length) {
    problems.push({ part: 'positions', code: 'POSITION_LACKS_COMPETENCY', params: { positions: lacking.map((p) => p.code).join(', '), competency: competency.code } });
  }
  return { problems, competencyId: competency.id, fieldId, positionIds: found.map((p) => p.id) };
}

// ───────────────────────────── Single-item writes ─────────────────────────────

/** An item's content as a request gives it (ids, not codes). */
export interface ItemContentInput {
  stem: string;
  options: ItemOption[];
  correctKey: string;
  competencyId: string;
  difficulty: Difficulty;
  /** Omitted or null: the competency's field. */
  fieldId?: string | null;
  positionIds?: string[];
}

function bodyPath(problem: ContentProblem): string {
  switch (problem.part) {
    case 'stem': return 'body.stem';
    case 'option': return `body.options.${problem.index}.${problem.code === 'INVALID_OPTION_KEY' || problem.code === 'DUPLICATE_OPTION_KEY' ? 'key' : 'text'}`;
    case 'options': return 'body.options';
    case 'correctKey': return 'body.correctKey';
    case 'competency': return 'body.competencyId';
    case 'field': return 'body.fieldId';
    case 'positions': return 'body.positionIds';
  }
}

const toDetail = (pathOf: (p: ContentProblem) => string) => (p: ContentProblem): RefusalDetail => ({ path: pathOf(p), text: questionMessage(p.code, p.params) });

/** Checks a request's content against the rules and the database; throws ITEM_INVALID listing every problem. */
async function checkedContent(db: Db, input: ItemContentInput, extra: RefusalDetail[] = []): Promise<ItemContent> {
  const refs = await loadReferences(db, 'id', { competencies: [input.competencyId], fields: input.fieldId ? [input.fieldId] : [], positions: input.positionIds ?? [] });
  const resolved = resolveReferences(refs, { competency: input.competencyId, field: input.fieldId ?? null, positions: input.positionIds ?? [] });
  const problems = [...contentProblems(input), ...resolved.problems];
  const details = [...extra, ...problems.map(toDetail(bodyPath))];
  if (details.length) throw new BankRefusal('ITEM_INVALID', { count: details.length }, details);
  return normaliseContent({ ...input, competencyId: resolved.competencyId, fieldId: resolved.fieldId, positionIds: resolved.positionIds });
}

function versionData(content: ItemContent): Omit<Prisma.QuestionItemVersionUncheckedCreateInput, 'itemId' | 'version'> {
  return { ...content, options: content.options as unknown as Prisma.InputJsonValue };
}

function storedContent(v: { stem: string; options: unknown; correctKey: string; competencyId: string; difficulty: Difficulty; fieldId: string | null; positionIds: string[] }): ItemContent {
  return { stem: v.stem, options: optionsOf(v.options), correctKey: v.correctKey, competencyId: v.competencyId, difficulty: v.difficulty, fieldId: v.fieldId, positionIds: v.positionIds };
}

/** Which parts of the content an edit changed, for the audit entry. */
function changedParts(before: ItemContent, after: ItemContent): string[] {
  const a = normaliseContent(before);
  const b = normaliseContent(after);
  return (['stem', 'options', 'correctKey', 'competencyId', 'difficulty', 'fieldId', 'positionIds'] as const).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

export function normaliseItemCode(code: string): string {
  return code.trim().toUpperCase();
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002';
}

/** A new item: a draft with its content as version 1. */
export async function createItem(prisma: PrismaClient, input: ItemContentInput & { code: string }, actor: BankActor): Promise<ItemDetail> {
  const code = normaliseItemCode(input.code);
  const codeProblems: RefusalDetail[] =
    code.length > MAX_ITEM_CODE_LENGTH || !ITEM_CODE_SHAPE.test(code)
      ? [{ path: 'body.code', text: questionMessage('INVALID_ITEM_CODE', { value: input.code, max: MAX_ITEM_CODE_LENGTH }) }]
      : [];
  const content = await checkedContent(prisma, input, codeProblems);
  try {
    const id = await prisma.$transaction(async (tx) => {
      if (await tx.questionItem.findUnique({ where: { code }, select: { id: true } })) throw new BankRefusal('ITEM_CODE_TAKEN', { code });
      const item = await tx.questionItem.create({
        data: { code, status: 'DRAFT', currentVersion: 1, versions: { create: { version: 1, createdById: actor.userId, ...versionData(content) } } },
      });
      await writeAudit(tx, {
        action: 'question_item.created', entityType: 'QuestionItem', entityId: item.id, actorUserId: actor.userId, actorRole: actor.role,
        details: { code, version: 1, competencyId: content.competencyId, difficulty: content.difficulty },
      });
      return item.id;
    });
    return (await getItem(prisma, id))!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new BankRefusal('ITEM_CODE_TAKEN', { code }); // a concurrent create of the same code
    throw e;
  }
}

/** Locks the item row for the rest of the transaction (concurrent edits of one item queue up). */
async function lockItem(tx: Prisma.TransactionClient, id: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "QuestionItem" WHERE id = ${id} FOR UPDATE`;
  if (!locked) throw new BankRefusal('ITEM_NOT_FOUND', { id });
  const item = await tx.questionItem.findUniqueOrThrow({ where: { id } });
  const current = await tx.questionItemVersion.findUniqueOrThrow({ where: { itemId_version: { itemId: id, version: item.currentVersion } } });
  return { item, current };
}

export type VersionChange = 'versioned' | 'unchanged';

/**
 * An edit: a new immutable version that becomes current; earlier versions stay as they are (forms pin them).
 * The same content as the current version changes nothing (a retried request). With expectedVersion, an edit
 * based on an older version than the current one is refused rather than silently overwriting someone else's.
 */
export async function addItemVersion(
  prisma: PrismaClient,
  itemId: string,
  input: ItemContentInput,
  actor: BankActor,
  expectedVersion?: number,
): Promise<{ change: VersionChange; item: ItemDetail }> {
  const content = await checkedContent(prisma, input);
  const change = await prisma.$transaction(async (tx): Promise<VersionChange> => {
    const { item, current } = await lockItem(tx, itemId);
    if (sameContent(storedContent(current), content)) return 'unchanged';
    if (expectedVersion !== undefined && expectedVersion !== item.currentVersion) {
      throw new BankRefusal('STALE_VERSION', { expected: expectedVersion, current: item.currentVersion });
    }
    const version = item.currentVersion + 1;
    await tx.questionItemVersion.create({ data: { itemId, version, createdById: actor.userId, ...versionData(content) } });
    await tx.questionItem.update({ where: { id: itemId }, data: { currentVersion: version } });
    await writeAudit(tx, {
      action: 'question_item.versioned', entityType: 'QuestionItem', entityId: itemId, actorUserId: actor.userId, actorRole: actor.role,
      details: { code: item.code, version, previousVersion: item.currentVersion, changed: changedParts(storedContent(current), content) },
    });
    return 'versioned';
  });
  return { change, item: (await getItem(prisma, itemId))! };
}

/**
 * Draft, active (drawn into forms) or retired. Activating re-checks the current version against the rules and
 * the database as they are now (a position may have left the framework since the item was written).
 */
export async function setItemStatus(
  prisma: PrismaClient,
  itemId: string,
  status: ItemStatus,
  actor: BankActor,
  reason?: string,
): Promise<{ change: 'changed' | 'unchanged'; item: ItemDetail }> {
  const change = await prisma.$transaction(async (tx) => {
    const { item, current } = await lockItem(tx, itemId);
    if (item.status === status) return 'unchanged' as const;
    if (status === 'ACTIVE') {
      const content = storedContent(current);
      const refs = await loadReferences(tx, 'id', { competencies: [content.competencyId], fields: content.fieldId ? [content.fieldId] : [], positions: content.positionIds });
      const problems = [...contentProblems(content), ...resolveReferences(refs, { competency: content.competencyId, field: content.fieldId, positions: content.positionIds }).problems];
      if (problems.length) {
        throw new BankRefusal('ITEM_NOT_ACTIVATABLE', { code: item.code, version: current.version }, problems.map(toDetail((p) => `versions.${current.version}.${bodyPath(p).slice('body.'.length)}`)));
      }
    }
    await tx.questionItem.update({ where: { id: itemId }, data: { status } });
    await writeAudit(tx, {
      action: 'question_item.status_changed', entityType: 'QuestionItem', entityId: itemId, actorUserId: actor.userId, actorRole: actor.role,
      reason: reason ?? null, details: { code: item.code, from: item.status, to: status, version: item.currentVersion },
    });
    return 'changed' as const;
  });
  return { change, item: (await getItem(prisma, itemId))! };
}

// ───────────────────────────── Import and export ─────────────────────────────

export interface QuestionImportOutcome {
  rows: number;
  /** New codes: new items at version 1. */
  created: number;
  /** Existing codes whose content changed: a new version each. */
  versioned: number;
  /** Existing codes whose content is the same but whose status column asked for another status. */
  statusChanged: number;
  /** Existing codes with nothing to change. */
  unchanged: number;
  errors: QuestionRowError[];
}

const rejected = (rows: number, errors: QuestionRowError[]): QuestionImportOutcome => ({ rows, created: 0, versioned: 0, statusChanged: 0, unchanged: 0, errors });

/**
 * A whole bank file: every row is checked against the database first; any error and nothing is written.
 * Otherwise one transaction: new codes become items, changed content becomes a new version, identical rows
 * change nothing (importing the same file twice is a no-op).
 */
export async function importQuestionItems(
  prisma: PrismaClient,
  parsed: ParsedQuestionFile,
  actor: BankActor,
  file: { data: Buffer; name?: string },
): Promise<QuestionImportOutcome> {
  const { rows, columns } = parsed;
  const refs = await loadReferences(prisma, 'code', {
    competencies: rows.map((r) => r.competencyCode),
    fields: rows.flatMap((r) => (r.fieldCode ? [r.fieldCode] : [])),
    positions: rows.flatMap((r) => r.positionCodes),
  });
  // The rows the file check let through are checked against the database too, so one report lists every error.
  const errors: QuestionRowError[] = [...parsed.errors];
  const contents = new Map<string, ItemContent>();
  for (const r of rows) {
    const resolved = resolveReferences(refs, { competency: r.competencyCode, field: r.fieldCode, positions: r.positionCodes });
    for (const p of resolved.problems) errors.push(questionRowError(r.row, problemColumn(p, columns), p.code, p.params));
    if (!resolved.problems.length) {
      contents.set(r.code, normaliseContent({ ...r, competencyId: resolved.competencyId, fieldId: resolved.fieldId, positionIds: resolved.positionIds }));
    }
  }
  // The file check's errors come sorted (a header's missing columns in the order of the columns); merge ours in.
  if (errors.length) return rejected(rows.length, errors.length > parsed.errors.length ? sortRowErrors(errors) : errors);

  const sha256 = createHash('sha256').update(file.data).digest('hex');
  return prisma.$transaction(async (tx) => {
    const codes = rows.map((r) => r.code);
    // Row locks on the existing items (in id order, so two imports never deadlock): edits of them wait for us.
    await tx.$queryRaw`SELECT id FROM "QuestionItem" WHERE code = ANY(${codes}::text[]) ORDER BY id FOR UPDATE`;
    const existing = await tx.$queryRaw<CurrentRow[]>`SELECT ${CURRENT_COLUMNS} FROM ${CURRENT_FROM} WHERE i.code = ANY(${codes}::text[])`;
    const byCode = new Map(existing.map((e) => [e.code, e]));

    const fresh: { code: string; status: ItemStatus; content: ItemContent }[] = [];
    const versioned: { row: CurrentRow; content: ItemContent; status: ItemStatus }[] = [];
    const restatused: { row: CurrentRow; status: ItemStatus }[] = [];
    let unchanged = 0;
    for (const r of rows) {
      const content = contents.get(r.code)!;
      const before = byCode.get(r.code);
      if (!before) fresh.push({ code: r.code, status: r.status ?? 'DRAFT', content });
      else if (!sameContent(storedContent(before), content)) versioned.push({ row: before, content, status: r.status ?? before.status });
      else if (r.status && r.status !== before.status) restatused.push({ row: before, status: r.status });
      else unchanged++;
    }
    if (!fresh.length && !versioned.length && !restatused.length) return { ...rejected(rows.length, []), unchanged };

    // Set-based writes: one statement per kind of change, whatever the size of the file.
    const created = fresh.length
      ? await tx.questionItem.createManyAndReturn({ data: fresh.map((f) => ({ code: f.code, status: f.status, currentVersion: 1 })), select: { id: true, code: true } })
      : [];
    const idOf = new Map(created.map((c) => [c.code, c.id]));
    await tx.questionItemVersion.createMany({
      data: [
        ...fresh.map((f) => ({ itemId: idOf.get(f.code)!, version: 1, createdById: actor.userId, ...versionData(f.content) })),
        ...versioned.map((v) => ({ itemId: v.row.id, version: v.row.currentVersion + 1, createdById: actor.userId, ...versionData(v.content) })),
      ],
    });
    const updates = [
      ...versioned.map((v) => ({ id: v.row.id, version: v.row.currentVersion + 1, status: v.status })),
      ...restatused.map((s) => ({ id: s.row.id, version: s.row.currentVersion, status: s.status })),
    ];
    if (updates.length) {
      await tx.$executeRaw`
        UPDATE "QuestionItem" AS i SET "currentVersion" = u.version, status = u.status::"ItemStatus", "updatedAt" = now()
        FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.version)}::int[], ${updates.map((u) => u.status)}::text[]) AS u(id, version, status)
        WHERE i.id = u.id`;
    }

    const common = { entityType: 'QuestionItem', actorUserId: actor.userId, actorRole: actor.role };
    const source = { source: 'IMPORT', file: file.name ?? null, sha256 };
    await tx.auditLog.createMany({
      data: [
        ...fresh.map((f) => ({ ...common, action: 'question_item.created', entityId: idOf.get(f.code)!, details: { code: f.code, version: 1, status: f.status, ...source } })),
        ...versioned.map((v) => ({
          ...common, action: 'question_item.versioned', entityId: v.row.id,
          details: { code: v.row.code, version: v.row.currentVersion + 1, previousVersion: v.row.currentVersion, changed: changedParts(storedContent(v.row), v.content), ...source },
        })),
        ...[...versioned.filter((v) => v.status !== v.row.status), ...restatused].map((s) => ({
          ...common, action: 'question_item.status_changed', entityId: s.row.id, details: { code: s.row.code, from: s.row.status, to: s.status, ...source },
        })),
      ],
    });
    const outcome = { rows: rows.length, created: fresh.length, versioned: versioned.length, statusChanged: restatused.length, unchanged, errors: [] };
    await writeAudit(tx, {
      action: 'question_bank.imported', entityType: 'QuestionBankFile', entityId: sha256, actorUserId: actor.userId, actorRole: actor.role,
      details: { file: file.name ?? null, rows: outcome.rows, created: outcome.created, versioned: outcome.versioned, statusChanged: outcome.statusChanged, unchanged },
    });
    return outcome;
  }, { timeout: 120_000 });
}

/** The filtered bank at its current versions, as file rows (references as codes), in code order. */
export async function exportQuestionRows(db: Db, filters: ItemFilters): Promise<QuestionExportRow[]> {
  const rows = await db.$queryRaw<(CurrentRow & { competencyCode: string; fieldCode: string | null })[]>`
    SELECT ${CURRENT_COLUMNS}, c.code AS "competencyCode", f.code AS "fieldCode"
    FROM ${CURRENT_FROM}
    JOIN "Competency" c ON c.id = v."competencyId"
    LEFT JOIN "ProfessionalField" f ON f.id = v."fieldId"
    WHERE ${itemWhere(filters)}
    ORDER BY i.code COLLATE "C"`;
  const positionIds = [...new Set(rows.flatMap((r) => r.positionIds))];
  const positions = positionIds.length ? await db.jobPosition.findMany({ where: { id: { in: positionIds } }, select: { id: true, code: true } }) : [];
  const codeOf = new Map(positions.map((p) => [p.id, p.code]));
  return rows.map((r) => ({
    code: r.code,
    competencyCode: r.competencyCode,
    difficulty: r.difficulty,
    fieldCode: r.fieldCode,
    positionCodes: r.positionIds.map((id) => codeOf.get(id) ?? id),
    stem: r.stem,
    options: optionsOf(r.options),
    correctKey: r.correctKey,
    status: r.status,
  }));
}

// ───────────────────────────── Blueprints ─────────────────────────────

export interface BlueprintSectionInput {
  competencyId: string;
  difficulty: Difficulty;
  itemCount: number;
}

export interface BlueprintInput {
  sections: BlueprintSectionInput[];
  durationMinutes: number;
  passMark: number;
}

const DIFFICULTY_RANK: Record<Difficulty, number> = { EASY: 0, MEDIUM: 1, HARD: 2 };
const sectionOrder = (a: BlueprintSectionInput, b: BlueprintSectionInput) =>
  (a.competencyId < b.competencyId ? -1 : a.competencyId > b.competencyId ? 1 : 0) || DIFFICULTY_RANK[a.difficulty] - DIFFICULTY_RANK[b.difficulty];

const sectionsKey = (sections: BlueprintSectionInput[]) => sections.map((s) => `${s.competencyId}/${s.difficulty}/${s.itemCount}`).join('|');

const blueprintInclude = { sections: { select: { competencyId: true, difficulty: true, itemCount: true } } } as const;
type BlueprintRow = Prisma.TestBlueprintGetPayload<{ include: typeof blueprintInclude }>;

function blueprintView(b: BlueprintRow) {
  const sections = [...b.sections].sort(sectionOrder);
  return { ...b, sections, itemCount: sections.reduce((n, s) => n + s.itemCount, 0) };
}
export type BlueprintView = ReturnType<typeof blueprintView>;

/** A position's blueprints, newest version first. Null when the position does not exist. */
export async function listBlueprints(db: Db, positionId: string): Promise<BlueprintView[] | null> {
  const position = await db.jobPosition.findUnique({ where: { id: positionId }, select: { id: true } });
  if (!position) return null;
  const blueprints = await db.testBlueprint.findMany({ where: { positionId }, include: blueprintInclude, orderBy: { version: 'desc' } });
  return blueprints.map(blueprintView);
}

/**
 * A new blueprint version for a position: it becomes the active one and earlier active versions retire (forms
 * already drawn keep theirs). Every section's competency must be in the position's framework. The same content
 * as the active version changes nothing. Returns the bank's shortfalls for it, so the editor sees them at once.
 */
export async function createBlueprintVersion(
  prisma: PrismaClient,
  positionId: string,
  input: BlueprintInput,
  actor: BankActor,
): Promise<{ change: 'created' | 'unchanged'; blueprint: BlueprintView; shortfalls: Shortfall[] }> {
  const result = await prisma.$transaction(async (tx) => {
    // One new version per position at a time: the version number is read and written under this lock.
    const [position] = await tx.$queryRaw<{ id: string; code: string }[]>`SELECT id, code FROM "JobPosition" WHERE id = ${positionId} FOR UPDATE`;
    if (!position) throw new BankRefusal('POSITION_NOT_FOUND', { id: positionId });
    const framework = new Set((await tx.positionCompetency.findMany({ where: { positionId }, select: { competencyId: true } })).map((c) => c.competencyId));
    const details: RefusalDetail[] = [];
    const seen = new Map<string, number>();
    input.sections.forEach((s, i) => {
      if (!framework.has(s.competencyId)) {
        details.push({ path: `body.sections.${i}.competencyId`, messageKey: 'bank.sectionNotInFramework', params: { competency: s.competencyId, position: position.code } });
      }
      const key = `${s.competencyId}/${s.difficulty}`;
      const first = seen.get(key);
      if (first !== undefined) {
        details.push({ path: `body.sections.${i}`, messageKey: 'bank.sectionRepeated', params: { competency: s.competencyId, difficulty: s.difficulty, first } });
      } else seen.set(key, i);
    });
    if (details.length) throw new BankRefusal('BLUEPRINT_INVALID', { position: position.code, count: details.length }, details);

    const sections = [...input.sections].sort(sectionOrder);
    const latest = await tx.testBlueprint.findFirst({ where: { positionId }, include: blueprintInclude, orderBy: { version: 'desc' } });
    if (
      latest?.status === 'ACTIVE' &&
      latest.durationMinutes === input.durationMinutes &&
      latest.passMark === input.passMark &&
      sectionsKey(blueprintView(latest).sections) === sectionsKey(sections)
    ) {
      return { change: 'unchanged' as const, blueprint: blueprintView(latest) };
    }
    const version = (latest?.version ?? 0) + 1;
    const retired = await tx.testBlueprint.findMany({ where: { positionId, status: 'ACTIVE' }, select: { id: true, version: true } });
    await tx.testBlueprint.updateMany({ where: { id: { in: retired.map((r) => r.id) } }, data: { status: 'RETIRED' } });
    const created = await tx.testBlueprint.create({
      data: { positionId, version, status: 'ACTIVE', durationMinutes: input.durationMinutes, passMark: input.passMark, sections: { create: sections } },
      include: blueprintInclude,
    });
    await writeAudit(tx, {
      action: 'test_blueprint.created', entityType: 'TestBlueprint', entityId: created.id, actorUserId: actor.userId, actorRole: actor.role,
      details: {
        positionId, version, durationMinutes: input.durationMinutes, passMark: input.passMark,
        sections: sections.map((s) => ({ ...s })), retired: retired.map((r) => r.id),
      },
    });
    for (const r of retired) {
      await writeAudit(tx, {
        action: 'test_blueprint.retired', entityType: 'TestBlueprint', entityId: r.id, actorUserId: actor.userId, actorRole: actor.role,
        details: { positionId, version: r.version, replacedBy: created.id },
      });
    }
    return { change: 'created' as const, blueprint: blueprintView(created) };
  });
  const shortfalls = await shortfallsOf(prisma, [{ id: result.blueprint.id, positionId, sections: result.blueprint.sections }]);
  return { ...result, shortfalls };
}

// ───────────────────────────── Sufficiency ─────────────────────────────

interface ActiveBlueprint {
  id: string;
  positionId: string;
  sections: BlueprintSectionInput[];
}

/** The active items at their current version for these competencies, as form assembly sees the bank. */
async function loadBankFor(db: Db, competencyIds: string[]): Promise<BankItem[]> {
  if (!competencyIds.length) return [];
  const rows = await db.$queryRaw<{ itemVersionId: string; itemCode: string; competencyId: string; difficulty: Difficulty; positionIds: string[]; fieldId: string | null }[]>`
    SELECT v.id AS "itemVersionId", i.code AS "itemCode", v."competencyId", v.difficulty::text AS difficulty, v."positionIds", v."fieldId"
    FROM ${CURRENT_FROM}
    WHERE i.status = 'ACTIVE' AND v."competencyId" = ANY(${competencyIds}::text[])`;
  return rows.map((r) => ({ ...r, optionKeys: [] }));
}

async function shortfallsOf(db: Db, blueprints: ActiveBlueprint[]): Promise<Shortfall[]> {
  const bank = indexBank(await loadBankFor(db, [...new Set(blueprints.flatMap((b) => b.sections.map((s) => s.competencyId)))]));
  return blueprints.flatMap((b) => blueprintShortfalls({ blueprintId: b.id, positionId: b.positionId, sections: b.sections }, bank));
}

export interface BankSufficiency {
  /** The blueprints checked: each position's newest active version. */
  blueprints: { blueprintId: string; positionId: string; version: number }[];
  /** Sections the bank cannot fill: fewer active items (current version) fit than the section asks for. */
  shortfalls: Shortfall[];
  /** Positions in scope with no active blueprint at all: no test can be built for them either. */
  positionsWithoutBlueprint: string[];
}

/**
 * Can the bank serve the active blueprints of these positions (all active positions when omitted)? An item
 * counts for a section when it is ACTIVE, its current version has the section's competency and difficulty, and
 * it fits the position (its positionIds are empty or name the position) — the rule form assembly draws by.
 */
export async function bankSufficiency(db: Db, positionIds?: string[]): Promise<BankSufficiency> {
  const positions = await db.jobPosition.findMany({
    where: positionIds ? { id: { in: positionIds } } : { active: true },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const blueprints = await db.testBlueprint.findMany({
    where: { status: 'ACTIVE', positionId: { in: positions.map((p) => p.id) } },
    include: blueprintInclude,
    orderBy: [{ positionId: 'asc' }, { version: 'desc' }],
  });
  const newest = new Map<string, BlueprintRow>();
  for (const b of blueprints) if (!newest.has(b.positionId)) newest.set(b.positionId, b);
  const checked = [...newest.values()];
  return {
    blueprints: checked.map((b) => ({ blueprintId: b.id, positionId: b.positionId, version: b.version })),
    shortfalls: await shortfallsOf(db, checked.map((b) => ({ id: b.id, positionId: b.positionId, sections: b.sections }))),
    positionsWithoutBlueprint: positions.filter((p) => !newest.has(p.id)).map((p) => p.id),
  };
}

export interface PositionCoverage {
  position: { id: string; code: string; nameVi: string; nameEn: string; fieldId: string };
  /** The framework's competencies (code order), each with how many active items fit the position per difficulty. */
  competencies: { id: string; code: string; nameVi: string; nameEn: string; requiredLevel: number; available: Record<Difficulty, number> }[];
}

/**
 * What a blueprint of this position may ask for and what the bank holds for it: per framework competency and
 * difficulty, the active items (current version) that fit the position, counted by the rule form assembly
 * draws by. A blueprint editor compares its counts with these as the person types. Null: no such position.
 */
export async function positionBankCoverage(db: Db, positionId: string): Promise<PositionCoverage | null> {
  const position = await db.jobPosition.findUnique({
    where: { id: positionId },
    select: { id: true, code: true, nameVi: true, nameEn: true, fieldId: true, competencies: { include: { competency: true } } },
  });
  if (!position) return null;
  const framework = position.competencies.map((pc) => ({ ...pc.competency, requiredLevel: pc.requiredLevel })).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const bank = indexBank(await loadBankFor(db, framework.map((c) => c.id)));
  const { competencies: _c, ...rest } = position;
  return {
    position: rest,
    competencies: framework.map((c) => ({
      id: c.id, code: c.code, nameVi: c.nameVi, nameEn: c.nameEn, requiredLevel: c.requiredLevel,
      available: { EASY: bank.candidates(c.id, 'EASY', positionId).length, MEDIUM: bank.candidates(c.id, 'MEDIUM', positionId).length, HARD: bank.candidates(c.id, 'HARD', positionId).length },
    })),
  };
}

/** Every shortfall of the active blueprints of these positions (all active positions when omitted); empty when the bank suffices. */
export async function bankShortfallsForPositions(prisma: Db, positionIds?: string[]): Promise<Shortfall[]> {
  return (await bankSufficiency(prisma, positionIds)).shortfalls;
}
