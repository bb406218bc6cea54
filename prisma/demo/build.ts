// Builds the deterministic synthetic demo data: pure, no database, no clock, no Math.random.
import { buildBusinesses, buildDeclarations, FEEDBACK_REASONS, LEGAL_NOTICES, STAGES } from './feedback';
import { buildBlueprints, buildPositionCompetencies, COMPETENCIES, FIELDS, POSITIONS } from './frameworks';
import { buildOfficers } from './officers';
import { buildOrganisation } from './organisation';
import { buildQuestionBank } from './question-bank';
import { randomFor } from './random';
import { buildUsers } from './users';
import type { Prisma } from '../db';
import type { DemoUser } from './users';

export const DEFAULT_OFFICERS = 10_300;
export const DEFAULT_SEED = 'customs-2026';

export interface BuildOptions {
  officers?: number;
  seed?: string;
  /**
   * Exact officer counts for some staff groups ("D35", "HQ"...), the rest shared by weight: the demo's history
   * pins the small mountain department at its published 103 officers whatever the demo's size.
   */
  departmentOfficers?: Readonly<Record<string, number>>;
}

/** Every table's rows, in an order that satisfies the foreign keys when written top to bottom. */
export interface DemoData {
  units: Prisma.UnitCreateManyInput[];
  fields: Prisma.ProfessionalFieldCreateManyInput[];
  competencies: Prisma.CompetencyCreateManyInput[];
  positions: Prisma.JobPositionCreateManyInput[];
  positionCompetencies: Prisma.PositionCompetencyCreateManyInput[];
  blueprints: Prisma.TestBlueprintCreateManyInput[];
  blueprintSections: Prisma.BlueprintSectionCreateManyInput[];
  questionItems: Prisma.QuestionItemCreateManyInput[];
  questionItemVersions: Prisma.QuestionItemVersionCreateManyInput[];
  officers: Prisma.OfficerCreateManyInput[];
  assignments: Prisma.AssignmentCreateManyInput[];
  businesses: Prisma.BusinessCreateManyInput[];
  users: DemoUser[];
  stages: Prisma.ProfessionalStageCreateManyInput[];
  feedbackReasons: Prisma.FeedbackReasonCreateManyInput[];
  declarations: Prisma.DeclarationCreateManyInput[];
  declarationHandlings: Prisma.DeclarationHandlingCreateManyInput[];
  legalNotices: Prisma.LegalNoticeCreateManyInput[];
}

/** Pure and deterministic: the same options give deep-equal data (users carry plain passwords, not hashes). */
export function buildDemoData(options: BuildOptions = {}): DemoData {
  const officerCount = options.officers ?? DEFAULT_OFFICERS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(officerCount) || officerCount < 0) throw new Error(`officers must be a non-negative integer, got ${officerCount}`);

  // Separate streams: the officer count does not change the organisation or the question bank.
  const organisation = buildOrganisation(randomFor(seed, 'organisation'));
  const { blueprints, sections } = buildBlueprints();
  const bank = buildQuestionBank(randomFor(seed, 'question-bank'));
  const { officers, assignments } = buildOfficers(randomFor(seed, 'officers'), organisation, officerCount, options.departmentOfficers);
  const businesses = buildBusinesses(randomFor(seed, 'businesses'));
  const { declarations, handlings } = buildDeclarations(randomFor(seed, 'declarations'), organisation, officers, businesses);

  const pathOf = new Map(organisation.units.map((u) => [u.id, u.path]));
  const departmentOf = (unitId: string) => pathOf.get(unitId)?.split('/')[2] ?? null;

  return {
    units: organisation.units,
    fields: FIELDS,
    competencies: COMPETENCIES,
    positions: POSITIONS,
    positionCompetencies: buildPositionCompetencies(),
    blueprints,
    blueprintSections: sections,
    questionItems: bank.items,
    questionItemVersions: bank.versions,
    officers,
    assignments,
    businesses,
    users: buildUsers(officers, businesses, departmentOf),
    stages: STAGES,
    feedbackReasons: FEEDBACK_REASONS,
    declarations,
    declarationHandlings: handlings,
    legalNotices: LEGAL_NOTICES,
  };
}
