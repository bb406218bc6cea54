// The question bank and test blueprints. Headquarters' coordinators write the bank (items, versions, status, file
// import) and the blueprints; reviewers and leaders may read them; officers see none of it (the bank holds the keys).
import { z } from 'zod';
import {
  BankRefusal,
  addItemVersion,
  bankSufficiency,
  createBlueprintVersion,
  createItem,
  exportQuestionRows,
  getItem,
  ITEM_SORTS,
  importQuestionItems,
  listBlueprints,
  listItems,
  positionBankCoverage,
  setItemStatus,
  type BankActor,
  type BankRefusalCode,
} from '../../services/question-bank';
import { DIFFICULTIES, ITEM_STATUSES, MAX_OPTIONS, MIN_OPTIONS, parseQuestionFile, questionCsv, questionWorkbook } from '../../services/documents/question-file';
import type { AuthUser } from '../auth';
import { HttpError, importRejected, notFound } from '../errors';
import { MANAGING_ROLES } from '../scope';
import { idParam, page, pageQuery } from '../route';
import type { ApiContext } from '../context';
import { paged } from '../response-shapes';
import {
  bankCoverageShape,
  blueprintSavedShape,
  blueprintsShape,
  itemChangeShape,
  itemDetailShape,
  itemViewShape,
  questionImportShape,
  sufficiencyShape,
} from '../bank-shapes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EDITORS = ['COORDINATOR'] as const;

const STATUS: Record<BankRefusalCode, number> = {
  ITEM_INVALID: 400,
  BLUEPRINT_INVALID: 400,
  ITEM_NOT_FOUND: 404,
  POSITION_NOT_FOUND: 404,
  ITEM_CODE_TAKEN: 409,
  STALE_VERSION: 409,
  ITEM_NOT_ACTIVATABLE: 409,
};

/** Runs a bank write, turning its refusals into errors a person can act on. */
async function bank<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (!(err instanceof BankRefusal)) throw err;
    if (err.code === 'ITEM_NOT_FOUND') throw notFound('QuestionItem', String(err.params.id));
    if (err.code === 'POSITION_NOT_FOUND') throw notFound('JobPosition', String(err.params.id));
    const details = err.details.map((d) => ({
      ...d,
      // Section numbers as people count them; difficulties in the reader's language.
      ...(d.params && d.messageKey === 'bank.sectionRepeated'
        ? { params: { ...d.params, first: Number(d.params.first) + 1, difficulty: `entity.Difficulty.${d.params.difficulty}` } }
        : {}),
    }));
    throw new HttpError(STATUS[err.code], err.code, `bank.${err.code}`, err.params, details);
  }
}

const actorOf = (user: AuthUser): BankActor => ({ userId: user.id, role: user.role });

const optionSchema = z.object({
  key: z.string().max(10).describe('A to F, unique within the item'),
  text: z.string().max(10_000).describe('Not empty; at most 1,000 characters'),
});

const contentSchema = z.object({
  stem: z.string().max(20_000).describe('The question text: not empty, at most 4,000 characters'),
  options: z.array(optionSchema).max(26).describe(`${MIN_OPTIONS} to ${MAX_OPTIONS} options with keys A–F, each key once, no two with the same text`),
  correctKey: z.string().max(10).describe("The key of the correct option: one of the options' keys"),
  competencyId: z.string().min(1).max(40),
  difficulty: z.enum(DIFFICULTIES),
  fieldId: z.string().min(1).max(40).nullable().optional().describe("Omitted: the competency's field. Must agree with the competency's field if it has one"),
  positionIds: z.array(z.string().min(1).max(40)).max(500).default([]).describe("Positions the item fits (each must have the competency in its framework); empty = every position whose framework has it"),
});

const itemFilters = z.object({
  competencyId: z.string().max(40).optional(),
  difficulty: z.enum(DIFFICULTIES).optional(),
  fieldId: z.string().max(40).optional(),
  positionId: z.string().max(40).optional().describe('Items that fit the position'),
  status: z.enum(ITEM_STATUSES).optional(),
  q: z.string().trim().max(200).optional().describe('Words in the stem (accents and case ignored) or part of the item code'),
});

/** "P-F1-01,P-F1-02" or a repeated parameter: a list of ids without repeats. */
const idList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => [...new Set((Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))])
  .pipe(z.array(z.string().max(40)).max(1000));

export function questionBankRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/items',
    tag: 'Question bank',
    summary: 'Items of the question bank at their current version, filtered, sorted and paged',
    roles: MANAGING_ROLES,
    response: paged(itemViewShape),
    query: pageQuery.extend(itemFilters.shape).extend({
      sort: z.enum(ITEM_SORTS).default('code').describe('Sort key, "-" first for descending (updatedAt: the last edit or status change); ties in code order'),
    }),
    async handle({ query }) {
      const { page: p, pageSize, sort, ...filters } = query;
      const result = await listItems(prisma, filters, { page: p, pageSize }, sort);
      return page(result.items, result.total, query);
    },
  });

  // Before "/items/:id", which would otherwise take "export" for an id.
  routes.route({
    method: 'get',
    path: '/items/export',
    tag: 'Question bank',
    summary: 'The bank (current versions, with keys) as an Excel (.xlsx) or CSV file that the import reads back unchanged',
    description: 'Same filters as the list. Headers and labels in Vietnamese, or in English with `Accept-Language: en` / `?lang=en`.',
    roles: EDITORS,
    query: itemFilters.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    produces: [XLSX, 'text/csv'],
    async handle({ query, locale, res }) {
      const { format, ...filters } = query;
      const rows = await exportQuestionRows(prisma, filters);
      const name = `${locale === 'vi' ? 'ngan-hang-cau-hoi' : 'question-bank'}-${new Date().toISOString().slice(0, 10)}`;
      if (format === 'csv') res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(questionCsv(rows, locale));
      else res.type(XLSX).attachment(`${name}.xlsx`).send(await questionWorkbook(rows, locale));
    },
  });

  routes.route({
    method: 'post',
    path: '/items/import',
    tag: 'Question bank',
    summary: 'Import items from an Excel (.xlsx) or CSV file: all rows or none, with a per-row error report',
    description: [
      'Columns (Vietnamese or English headers): "Mã câu hỏi" (Item code), "Năng lực" (Competency code), "Độ khó" (Difficulty: Dễ/Trung bình/Khó or EASY/MEDIUM/HARD),',
      'optional "Lĩnh vực" (Field code) and "Vị trí" (Positions: comma-separated codes), "Nội dung câu hỏi" (Stem), "Phương án A".."Phương án F" (Option A..F; A and B required),',
      '"Đáp án" (Key) and optional "Trạng thái" (Status). A new code creates a draft item; an existing code whose content changed gets a new version; the same content changes nothing,',
      'so importing the same file again is a no-op. Pass `?fileName=` to help recognise the format.',
    ].join(' '),
    roles: EDITORS,
    response: questionImportShape,
    query: z.object({ fileName: z.string().max(255).optional().describe('The uploaded file\'s name: helps recognise the format, kept in the audit log') }),
    upload: { contentTypes: [XLSX, 'text/csv'], maxBytes: 20 * 1024 * 1024 },
    async handle({ body, user, query, req }) {
      const data = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const fileName = query.fileName;
      const parsed = await parseQuestionFile(data, fileName, req.headers['content-type']);
      const outcome = await importQuestionItems(prisma, parsed, actorOf(user), { data, name: fileName });
      if (outcome.errors.length) {
        throw importRejected('bank.importRejected', outcome.errors);
      }
      const { errors: _errors, ...counts } = outcome;
      return counts;
    },
  });

  routes.route({
    method: 'get',
    path: '/items/:id',
    tag: 'Question bank',
    summary: 'One item with every version, oldest first',
    roles: MANAGING_ROLES,
    response: itemDetailShape,
    params: idParam,
    async handle({ params }) {
      const item = await getItem(prisma, params.id);
      if (!item) throw notFound('QuestionItem', params.id);
      return item;
    },
  });

  routes.route({
    method: 'post',
    path: '/items',
    tag: 'Question bank',
    summary: 'Create an item: a draft whose content is version 1',
    roles: EDITORS,
    response: itemDetailShape,
    body: contentSchema.extend({ code: z.string().min(1).max(100).describe('Unique; letters without accents, digits, ".", "_", "-"; upper-cased') }),
    status: 201,
    async handle({ body, user }) {
      return bank(() => createItem(prisma, body, actorOf(user)));
    },
  });

  routes.route({
    method: 'post',
    path: '/items/:id/versions',
    tag: 'Question bank',
    summary: 'Edit an item: its new content becomes a new immutable version (201); the same content as the current version changes nothing (200)',
    description: 'Earlier versions never change: forms already drawn keep the versions they pinned. Send `expectedVersion` (the version you edited) to be told, rather than overwrite, when someone else edited the item meanwhile.',
    roles: EDITORS,
    response: itemChangeShape,
    params: idParam,
    body: contentSchema.extend({ expectedVersion: z.number().int().min(1).optional() }),
    async handle({ params, body, user, res }) {
      const { expectedVersion, ...content } = body;
      const result = await bank(() => addItemVersion(prisma, params.id, content, actorOf(user), expectedVersion));
      res.status(result.change === 'versioned' ? 201 : 200);
      return result;
    },
  });

  routes.route({
    method: 'post',
    path: '/items/:id/status',
    tag: 'Question bank',
    summary: 'Set an item to draft, active (drawn into new forms) or retired',
    description: 'Activating re-checks the current version: 2–6 options with unique keys A–F and text, the key among them, the competency, field and positions existing and agreeing.',
    roles: EDITORS,
    response: itemChangeShape,
    params: idParam,
    body: z.object({ status: z.enum(ITEM_STATUSES), reason: z.string().trim().max(2000).optional() }),
    async handle({ params, body, user }) {
      return bank(() => setItemStatus(prisma, params.id, body.status, actorOf(user), body.reason));
    },
  });

  routes.route({
    method: 'get',
    path: '/positions/:id/blueprints',
    tag: 'Question bank',
    summary: "A position's test blueprints, newest version first (one is active)",
    roles: MANAGING_ROLES,
    response: blueprintsShape,
    params: idParam,
    async handle({ params }) {
      const items = await listBlueprints(prisma, params.id);
      if (!items) throw notFound('JobPosition', params.id);
      return { positionId: params.id, items };
    },
  });

  routes.route({
    method: 'post',
    path: '/positions/:id/blueprints',
    tag: 'Question bank',
    summary: "A new version of a position's test blueprint: it becomes active and the previous one retires (201); the same as the active one changes nothing (200)",
    description: "Each section asks for a number of items of one competency (in the position's framework) and difficulty. The answer lists the bank's shortfalls for the blueprint, if any.",
    roles: EDITORS,
    response: blueprintSavedShape,
    params: idParam,
    body: z.object({
      sections: z.array(z.object({ competencyId: z.string().min(1).max(40), difficulty: z.enum(DIFFICULTIES), itemCount: z.number().int().min(1).max(200) })).min(1).max(200),
      durationMinutes: z.number().int().min(5).max(480).default(60),
      passMark: z.number().int().min(0).max(100).describe('Score out of 100 needed to pass'),
    }),
    async handle({ params, body, user, res }) {
      const result = await bank(() => createBlueprintVersion(prisma, params.id, body, actorOf(user)));
      res.status(result.change === 'created' ? 201 : 200);
      return result;
    },
  });

  routes.route({
    method: 'get',
    path: '/positions/:id/bank-coverage',
    tag: 'Question bank',
    summary: "What a position's blueprint may ask for: its framework's competencies, each with the active items that fit the position per difficulty",
    description: 'Counted by the rule form assembly draws by (active, current version, positions empty or naming the position), so a blueprint editor can show shortfalls as the person types.',
    roles: MANAGING_ROLES,
    response: bankCoverageShape,
    params: idParam,
    async handle({ params }) {
      const coverage = await positionBankCoverage(prisma, params.id);
      if (!coverage) throw notFound('JobPosition', params.id);
      return coverage;
    },
  });

  routes.route({
    method: 'get',
    path: '/bank/sufficiency',
    tag: 'Question bank',
    summary: "Whether the bank can serve the positions' active blueprints: each section with fewer fitting active items than it asks for",
    description: 'positionIds: comma-separated or repeated; all active positions when omitted.',
    roles: MANAGING_ROLES,
    response: sufficiencyShape,
    query: z.object({ positionIds: idList.optional() }),
    async handle({ query }) {
      if (query.positionIds) {
        const found = new Set((await prisma.jobPosition.findMany({ where: { id: { in: query.positionIds } }, select: { id: true } })).map((p) => p.id));
        const unknown = query.positionIds.filter((id) => !found.has(id));
        if (unknown.length) throw new HttpError(400, 'UNKNOWN_POSITIONS', 'bank.UNKNOWN_POSITIONS', { ids: unknown.join(', ') });
      }
      const result = await bankSufficiency(prisma, query.positionIds);
      return { sufficient: result.shortfalls.length === 0 && result.positionsWithoutBlueprint.length === 0, ...result };
    },
  });
}
