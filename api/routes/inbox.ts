// The leader's inbox: follow-up tasks and feedback cases of the caller's unit scope in one list, overdue first,
// then by due time, paged on the server (services/leader-inbox.ts); each entry presented as its own list route
// presents it, so the screen links to the task or the case with what it already knows.
import { z } from 'zod';
import { INBOX_KINDS, INBOX_STATES, listInbox } from '../../services/leader-inbox';
import { forbidden, notFound } from '../errors';
import { pageQuery } from '../route';
import { assertUnitInScope, MANAGING_ROLES, scopePath } from '../scope';
import type { ApiContext } from '../context';
import { followUpTaskView } from '../response-shapes';
import { caseShape } from '../work-shapes';
import { caseInclude, presentCase } from './feedback/shared';
import { presentTask, taskInclude, type TaskRow } from './follow-ups';

const inboxEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('FOLLOW_UP'), task: followUpTaskView }),
  z.object({ kind: z.literal('CASE'), case: caseShape }),
]);

const inboxPage = z.object({
  items: z.array(inboxEntry),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().describe('Entries the filters hold'),
  overdue: z.number().int().describe('Of those, how many are overdue'),
});

export function inboxRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/inbox',
    tag: 'Follow-up',
    summary: "The caller's unit scope's follow-up tasks and feedback cases together: overdue first, then by due time (none last)",
    roles: MANAGING_ROLES,
    response: inboxPage,
    query: pageQuery.extend({
      kind: z.enum(INBOX_KINDS).default('ALL'),
      state: z.enum(INBOX_STATES).default('OPEN').describe('OPEN: not done (cases: not closed); OVERDUE: open past a deadline the organisation owns; CLOSED; ALL'),
      unitId: z.string().min(1).max(40).optional(),
      cycleId: z.string().min(1).max(100).optional().describe('Follow-up tasks of this cycle (cases belong to no cycle)'),
    }),
    async handle({ query, user }) {
      const scope = scopePath(user);
      if (scope === null) throw forbidden('auth.outOfScope', { unit: '—' });
      let unitPath: string | undefined;
      if (query.unitId) {
        const unit = await prisma.unit.findUnique({ where: { id: query.unitId } });
        if (!unit) throw notFound('Unit', query.unitId);
        assertUnitInScope(user, unit);
        unitPath = unit.path;
      }
      const now = new Date();
      const { entries, total, overdue } = await listInbox(prisma, { scopePath: scope, kind: query.kind, state: query.state, unitPath, cycleId: query.cycleId }, query, now);
      const idsOf = (kind: string) => entries.filter((e) => e.kind === kind).map((e) => e.id);
      const [tasks, cases] = await Promise.all([
        prisma.followUpTask.findMany({ where: { id: { in: idsOf('FOLLOW_UP') } }, include: taskInclude, omit: { ruleTrace: true } }),
        prisma.feedbackCase.findMany({ where: { id: { in: idsOf('CASE') } }, include: caseInclude }),
      ]);
      const taskById = new Map(tasks.map((t) => [t.id, t as TaskRow]));
      const caseById = new Map(cases.map((c) => [c.id, c]));
      // An entry closed or moved between the two reads is still shown as it now is; one deleted meanwhile is dropped.
      const items = entries
        .map((e) => {
          const t = e.kind === 'FOLLOW_UP' ? taskById.get(e.id) : undefined;
          const c = e.kind === 'CASE' ? caseById.get(e.id) : undefined;
          return t ? { kind: 'FOLLOW_UP' as const, task: presentTask(t, now) } : c ? { kind: 'CASE' as const, case: presentCase(c, now) } : null;
        })
        .filter((item) => item !== null);
      return { items, page: query.page, pageSize: query.pageSize, total, overdue };
    },
  });
}
