// Persisting a cycle's phase changes. Idempotent: a retried activity finds its phase event and changes nothing.
import { Context } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/db';
import type { CyclePhaseName } from '../domain/cycle-timeline';
import { writeAudit } from './audit';

export interface RecordCyclePhaseInput {
  cycleId: string;
  phase: CyclePhaseName;
  /** For CANCELLED: who cancelled and why. */
  actorUserId?: string;
  reason?: string;
}

export interface RecordedPhase {
  /** When the phase was entered, by the Temporal server's clock (the workflow schedules its next timer from it). */
  at: string;
}

const STATUS_AFTER: Partial<Record<CyclePhaseName, 'CLOSED' | 'CANCELLED'>> = {
  CLOSED: 'CLOSED',
  CANCELLED: 'CANCELLED',
};

export function createCyclePhaseActivities(prisma: PrismaClient) {
  return {
    async recordCyclePhase(input: RecordCyclePhaseInput): Promise<RecordedPhase> {
      // The server's clock, not this machine's: under time skipping it is the skipped time.
      const at = new Date(Context.current().info.scheduledTimestampMs);
      return prisma.$transaction(async (tx) => {
        const existing = await tx.cyclePhaseEvent.findUnique({
          where: { cycleId_phase: { cycleId: input.cycleId, phase: input.phase } },
        });
        if (existing) return { at: existing.enteredAt.toISOString() };

        const cycle = await tx.assessmentCycle.findUniqueOrThrow({ where: { id: input.cycleId } });
        await tx.cyclePhaseEvent.create({ data: { cycleId: input.cycleId, phase: input.phase, enteredAt: at } });
        const status = STATUS_AFTER[input.phase];
        await tx.assessmentCycle.update({
          where: { id: input.cycleId },
          data: {
            phase: input.phase,
            ...(status ? { status } : {}),
            ...(input.phase === 'CANCELLED' ? { cancelledAt: at, cancelReason: input.reason } : {}),
          },
        });
        await writeAudit(tx, {
          action: input.phase === 'CANCELLED' ? 'cycle.cancelled' : 'cycle.phase_changed',
          entityType: 'AssessmentCycle',
          entityId: input.cycleId,
          cycleId: input.cycleId,
          actorUserId: input.actorUserId ?? null,
          reason: input.reason ?? null,
          details: { from: cycle.phase, to: input.phase },
          at,
        });
        return { at: at.toISOString() };
      });
    },
  };
}
export type CyclePhaseActivities = ReturnType<typeof createCyclePhaseActivities>;
