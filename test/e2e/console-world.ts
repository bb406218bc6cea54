// Fixtures of the coordinator's console and the reviewer's workspace, made through the product's own paths: a cycle
// created and launched through the API as headquarters would, officers registered through it while registration is
// open (one for a simpler position than the one held, so verification flags it), then the window closes and the
// cycle's workflow verifies and opens the departments' lists for review.
import { randomUUID } from 'node:crypto';
import { createTestCycle } from '../support-data';
import { baseUrl, db, DEMO } from './support';

const DAY = 86_400_000;

async function tokenOf(who: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(who) });
  if (!res.ok) throw new Error(`${who.username} sign-in: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export async function apiAs(who: { username: string; password: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl()}/api${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await tokenOf(who)}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json!;
}

async function waitForPhase(cycleId: string, phase: string) {
  for (let i = 0; i < 320; i++) {
    const view = await apiAs(DEMO.coordinator, 'GET', `/cycles/${cycleId}/phase`);
    if (view.phase === phase) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`cycle ${cycleId} did not reach ${phase}`);
}

export interface ReviewWorld {
  cycleId: string;
  cycleName: string;
  unitId: string;
  dodger: { id: string; fullName: string; heldName: string; chosenName: string };
}

/** A launched cycle on D01 (the demo reviewer's department) in review: three registrations, one flagged. */
export async function reviewWorld(): Promise<ReviewWorld> {
  const prisma = db();
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const cycle = await apiAs(DEMO.coordinator, 'POST', '/cycles', {
    code: `E2E-REV-${suffix}`,
    nameVi: `Kỳ đánh giá rà soát ${suffix}`,
    nameEn: `Review cycle ${suffix}`,
    scopeUnitIds: ['D01'],
    timeline: { registrationOpensAt: at(-DAY), registrationClosesAt: at(25_000), listsDueAt: at(3 * DAY), examStartsAt: at(40 * DAY), examEndsAt: at(41 * DAY), closesAt: at(90 * DAY) },
  });
  const cycleId = cycle.id as string;
  await apiAs(DEMO.coordinator, 'POST', `/cycles/${cycleId}/launch`);
  await waitForPhase(cycleId, 'REGISTRATION_OPEN');

  const officers = await prisma.officer.findMany({
    where: { active: true, unit: { path: { startsWith: '/HQ/D01/' } }, position: { isLeadership: false } },
    include: { position: true },
    orderBy: { employeeCode: 'asc' },
    take: 3,
  });
  const [dodger, ...honest] = officers;
  const simpler = await prisma.jobPosition.findFirstOrThrow({ where: { fieldId: dodger.position.fieldId, id: { not: dodger.positionId }, isLeadership: false, active: true }, orderBy: { code: 'asc' } });
  for (const o of honest) await apiAs(DEMO.coordinator, 'POST', `/cycles/${cycleId}/registrations`, { officerId: o.id, positionId: o.positionId });
  await apiAs(DEMO.coordinator, 'POST', `/cycles/${cycleId}/registrations`, { officerId: dodger.id, positionId: simpler.id });
  await waitForPhase(cycleId, 'REVIEW');
  return {
    cycleId,
    cycleName: cycle.nameVi as string,
    unitId: 'D01',
    dodger: { id: dodger.id, fullName: dodger.fullName, heldName: dodger.position.nameVi, chosenName: simpler.nameVi },
  };
}

/** A running cycle on D01 whose registration is open (no workflow: the screens read the database). */
export async function openRegistrationWorld() {
  const prisma = db();
  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const created = await createTestCycle(prisma, { registrationOpensAt: at(-1), registrationClosesAt: at(20), listsDueAt: at(45), examStartsAt: at(80), examEndsAt: at(81), closesAt: at(180) }, { scopeUnitIds: ['D01'] });
  return prisma.assessmentCycle.update({ where: { id: created.id }, data: { status: 'RUNNING', phase: 'REGISTRATION_OPEN' } });
}
