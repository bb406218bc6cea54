// A leader's inbox: the follow-up tasks and the feedback cases of a unit scope in one list, overdue first, then by
// due time (none last), paged in the database. One query over both tables, so a page is the same whichever kind
// fills it and the counts cover everything the filters hold, not just what one page fetched.
import { Prisma, type PrismaClient } from '../prisma/db';

export const INBOX_KINDS = ['ALL', 'FOLLOW_UP', 'CASE'] as const;
export const INBOX_STATES = ['OPEN', 'OVERDUE', 'CLOSED', 'ALL'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];
export type InboxState = (typeof INBOX_STATES)[number];

export interface InboxFilter {
  /** Units whose path starts with this are in scope ("/" for headquarters). */
  scopePath: string;
  kind: InboxKind;
  state: InboxState;
  /** Narrower: only what this unit (and its sub-units) owns. */
  unitPath?: string;
  /** Follow-up tasks of this cycle only (cases belong to no cycle, so none are listed). */
  cycleId?: string;
}

export interface InboxEntry {
  kind: 'FOLLOW_UP' | 'CASE';
  id: string;
}

export interface InboxPage {
  entries: InboxEntry[];
  total: number;
  overdue: number;
}

// A task is overdue while open past its due date (domain/follow-up-task.ts isOverdue); a case while a step the
// organisation owns (verify, handle, answer) is past its deadline (domain/feedback-case.ts isOverdue).
const taskOverdue = (now: Date) => Prisma.sql`(t.status = 'OPEN' AND t."dueAt" < ${now})`;
const caseOverdue = (now: Date) => Prisma.sql`(c.status IN ('VERIFYING', 'HANDLING') AND c."stepDueAt" < ${now})`;

function taskState(state: InboxState, now: Date): Prisma.Sql {
  switch (state) {
    case 'OPEN':
      return Prisma.sql`t.status = 'OPEN'`;
    case 'OVERDUE':
      return taskOverdue(now);
    case 'CLOSED':
      return Prisma.sql`t.status <> 'OPEN'`;
    case 'ALL':
      return Prisma.sql`TRUE`;
  }
}

function caseState(state: InboxState, now: Date): Prisma.Sql {
  switch (state) {
    case 'OPEN':
      return Prisma.sql`c.status <> 'CLOSED'`;
    case 'OVERDUE':
      return caseOverdue(now);
    case 'CLOSED':
      return Prisma.sql`c.status = 'CLOSED'`;
    case 'ALL':
      return Prisma.sql`TRUE`;
  }
}

/** Every entry the filter holds, as (kind, id, dueAt, overdue) rows. */
function inboxRows(f: InboxFilter, now: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.kind !== 'CASE')
    // A task is in scope when the unit owning it is, or when its officer's unit is (an escalated task moves up).
    parts.push(Prisma.sql`
      SELECT 'FOLLOW_UP' AS kind, t.id, t."dueAt" AS "dueAt", ${taskOverdue(now)} AS overdue
      FROM "FollowUpTask" t
      JOIN "Unit" u ON u.id = t."unitId"
      JOIN "Officer" o ON o.id = t."officerId"
      JOIN "Unit" ou ON ou.id = o."unitId"
      WHERE (starts_with(u.path, ${f.scopePath}) OR starts_with(ou.path, ${f.scopePath}))
        ${f.unitPath ? Prisma.sql`AND starts_with(u.path, ${f.unitPath})` : Prisma.empty}
        ${f.cycleId ? Prisma.sql`AND t."cycleId" = ${f.cycleId}` : Prisma.empty}
        AND ${taskState(f.state, now)}`);
  if (f.kind !== 'FOLLOW_UP' && !f.cycleId)
    parts.push(Prisma.sql`
      SELECT 'CASE' AS kind, c.id, c."stepDueAt" AS "dueAt", ${caseOverdue(now)} AS overdue
      FROM "FeedbackCase" c
      JOIN "Unit" ru ON ru.id = c."responsibleUnitId"
      WHERE starts_with(ru.path, ${f.scopePath})
        ${f.unitPath ? Prisma.sql`AND starts_with(ru.path, ${f.unitPath})` : Prisma.empty}
        AND ${caseState(f.state, now)}`);
  return parts.length ? Prisma.join(parts, ' UNION ALL ') : Prisma.sql`SELECT NULL::text AS kind, NULL::text AS id, NULL::timestamp AS "dueAt", FALSE AS overdue WHERE FALSE`;
}

/** One page of the inbox, and how many entries (and overdue ones) the filter holds in all. */
export async function listInbox(prisma: PrismaClient, f: InboxFilter, paging: { page: number; pageSize: number }, now = new Date()): Promise<InboxPage> {
  const rows = inboxRows(f, now);
  const [entries, [counts]] = await Promise.all([
    prisma.$queryRaw<InboxEntry[]>`
      SELECT kind, id FROM (${rows}) AS inbox
      ORDER BY overdue DESC, "dueAt" ASC NULLS LAST, kind, id
      LIMIT ${paging.pageSize} OFFSET ${(paging.page - 1) * paging.pageSize}`,
    prisma.$queryRaw<{ total: bigint; overdue: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE overdue) AS overdue FROM (${rows}) AS inbox`,
  ]);
  return { entries, total: Number(counts.total), overdue: Number(counts.overdue) };
}
