// Look-ups every router repeats: find a thing by id, 404 when there is none, 403 when it lies outside the
// caller's scope.
import type { PrismaClient } from '../prisma/db';
import type { AuthUser } from './auth';
import { notFound } from './errors';
import { assertCycleVisible, assertUnitInScope } from './scope';

/** The cycle, if the caller may see it. */
export async function loadVisibleCycle(prisma: PrismaClient, user: AuthUser, id: string) {
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id } });
  if (!cycle) throw notFound('AssessmentCycle', id);
  assertCycleVisible(user, cycle);
  return cycle;
}

/** The unit named by an optional filter, if the caller's scope holds it; null when none is named. */
export async function loadUnitInScope(prisma: PrismaClient, user: AuthUser, id: string | undefined) {
  if (!id) return null;
  const unit = await prisma.unit.findUnique({ where: { id } });
  if (!unit) throw notFound('Unit', id);
  assertUnitInScope(user, unit);
  return unit;
}
