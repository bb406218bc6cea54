// Shapes of the question bank's responses (services/question-bank.ts), documented in the OpenAPI document and so
// typed in the web app's client.
import { z } from 'zod';
import { isoTime } from './response-shapes';

const difficulty = z.enum(['EASY', 'MEDIUM', 'HARD']);
const itemStatus = z.enum(['DRAFT', 'ACTIVE', 'RETIRED']);

export const itemVersionShape = z.object({
  id: z.string(),
  version: z.number().int(),
  stem: z.string(),
  options: z.array(z.object({ key: z.string(), text: z.string() })),
  correctKey: z.string(),
  competencyId: z.string(),
  difficulty,
  fieldId: z.string().nullable(),
  positionIds: z.array(z.string()),
  createdById: z.string().nullable(),
  createdAt: isoTime,
});

const itemHead = z.object({
  id: z.string(),
  code: z.string(),
  status: itemStatus,
  currentVersion: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** An item at its current version (the list). */
export const itemViewShape = itemHead.extend({ current: itemVersionShape });

/** An item with every version, oldest first. */
export const itemDetailShape = itemHead.extend({ versions: z.array(itemVersionShape) });

export const itemChangeShape = z.object({ change: z.enum(['versioned', 'unchanged', 'changed']), item: itemDetailShape });

export const questionImportShape = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  versioned: z.number().int(),
  statusChanged: z.number().int(),
  unchanged: z.number().int(),
});

const shortfallShape = z.object({
  blueprintId: z.string(),
  positionId: z.string(),
  competencyId: z.string(),
  difficulty,
  required: z.number().int(),
  available: z.number().int(),
});

export const blueprintShape = z.object({
  id: z.string(),
  positionId: z.string(),
  version: z.number().int(),
  status: z.enum(['ACTIVE', 'RETIRED']),
  durationMinutes: z.number().int(),
  passMark: z.number().int(),
  createdAt: isoTime,
  itemCount: z.number().int(),
  sections: z.array(z.object({ competencyId: z.string(), difficulty, itemCount: z.number().int() })),
});

export const blueprintsShape = z.object({ positionId: z.string(), items: z.array(blueprintShape) });

export const blueprintSavedShape = z.object({ change: z.enum(['created', 'unchanged']), blueprint: blueprintShape, shortfalls: z.array(shortfallShape) });

export const sufficiencyShape = z.object({
  sufficient: z.boolean(),
  blueprints: z.array(z.object({ blueprintId: z.string(), positionId: z.string(), version: z.number().int() })),
  shortfalls: z.array(shortfallShape),
  positionsWithoutBlueprint: z.array(z.string()),
});

const counts = z.object({ EASY: z.number().int(), MEDIUM: z.number().int(), HARD: z.number().int() });

export const bankCoverageShape = z.object({
  position: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), fieldId: z.string() }),
  competencies: z.array(
    z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), requiredLevel: z.number().int(), available: counts }),
  ),
});

export const competencyShape = z.looseObject({ id: z.string(), code: z.string(), fieldId: z.string().nullable(), nameVi: z.string(), nameEn: z.string() });
