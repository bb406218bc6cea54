// A candidate with an exam open now, set up through the product's own paths: a running cycle on D35 in its exam
// window with an approved list (test/exam-fixture.ts), then a session planned, seated and published through the
// API as the coordinator would (which draws the forms and starts the session's workflow), and a sign-in for
// the candidate.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../services/passwords';
import { examFixture } from '../exam-fixture';
import { createTestCycle } from '../support-data';
import { baseUrl, db, DEMO } from './support';

async function coordinatorToken(): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(DEMO.coordinator) });
  if (!res.ok) throw new Error(`coordinator sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function asCoordinator(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl()}/api${path}`, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

export interface ExamWorld {
  username: string;
  password: string;
  registrationId: string;
  officerName: string;
  cycleId: string;
}

export async function examWorld(): Promise<ExamWorld> {
  const prisma = db();
  const now = new Date();
  const { cycle, registrations, slow: officer } = await examFixture(prisma, now);
  const token = await coordinatorToken();
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const session = await asCoordinator(token, 'POST', `/cycles/${cycle.id}/sessions`, {
    unitId: 'D35', code: `E2E-${suffix}`, startsAt: new Date(now.getTime() - 60_000).toISOString(), capacity: 10, room: 'Phòng máy 2', lateStartMinutes: 60,
  });
  await asCoordinator(token, 'POST', `/cycles/${cycle.id}/schedule/D35`);
  await asCoordinator(token, 'POST', `/cycles/${cycle.id}/sessions/${session.id as string}/publish`);

  // The fixture's own officer (with 1.5x extra time): no other test signs in as them.
  const username = `e2e.${suffix.toLowerCase()}`;
  const password = 'e2e-candidate-password';
  await prisma.user.create({
    data: { id: `U-${username}`, username, passwordHash: await hashPassword(password), displayName: officer.fullName, role: 'OFFICER', unitId: officer.unitId, officerId: officer.id },
  });
  const registration = registrations.find((r) => r.officerId === officer.id)!;
  return { username, password, registrationId: registration.id, officerName: officer.fullName, cycleId: cycle.id };
}

/** The answers the server holds for the candidate's attempt, by item version. */
export async function savedAnswers(registrationId: string) {
  const rows = await db().attemptAnswer.findMany({ where: { attempt: { registrationId } } });
  return new Map(rows.map((r) => [r.itemVersionId, r]));
}

/** An officer of D35 (with a sign-in) and a cycle on D35 whose registration is open now. */
export async function registrationWorld() {
  const prisma = db();
  const now = Date.now();
  const at = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const created = await createTestCycle(prisma, { registrationOpensAt: at(-1), registrationClosesAt: at(20), listsDueAt: at(45), examStartsAt: at(80), examEndsAt: at(81), closesAt: at(180) }, { scopeUnitIds: ['D35'] });
  const cycle = await prisma.assessmentCycle.update({ where: { id: created.id }, data: { status: 'RUNNING', phase: 'REGISTRATION_OPEN' } });
  const team = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D35/' }, kind: 'TEAM' }, orderBy: { id: 'asc' } });
  const held = await prisma.jobPosition.findFirstOrThrow({ where: { isLeadership: false, active: true }, orderBy: { code: 'asc' } });
  const other = await prisma.jobPosition.findFirstOrThrow({ where: { isLeadership: false, active: true, fieldId: { not: held.fieldId } }, orderBy: { code: 'asc' } });
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const officer = await prisma.officer.create({
    data: {
      id: `R-${suffix}`, employeeCode: `RG${suffix}`, fullName: 'Lường Văn Thắng', searchName: 'luong van thang', unitId: team.id, positionId: held.id,
      assignments: { create: { positionId: held.id, unitId: team.id, startDate: new Date('2019-03-01') } },
    },
  });
  const username = `e2e.reg.${suffix.toLowerCase()}`;
  const password = 'e2e-candidate-password';
  await prisma.user.create({ data: { id: `U-${username}`, username, passwordHash: await hashPassword(password), displayName: officer.fullName, role: 'OFFICER', unitId: team.id, officerId: officer.id } });
  return { username, password, cycle, officer, held, other };
}
