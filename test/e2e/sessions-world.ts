// A department ready to plan its exam sessions, made through the product's own paths: the exam fixture's running
// cycle in its exam window with an approved list and three candidates (test/exam-fixture.ts), on D17, a
// department no other browser test touches, and a reviewer of D17 with a sign-in of their own.
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../services/passwords';
import { examFixture } from '../exam-fixture';
import { db } from './support';

export const SESSIONS_DEPARTMENT = 'D17';

export async function sessionsWorld() {
  const prisma = db();
  const { cycle, officers } = await examFixture(prisma, new Date(), { departmentId: SESSIONS_DEPARTMENT });
  const suffix = randomUUID().slice(0, 6).toLowerCase();
  const reviewer = { username: `e2e.rev.${suffix}`, password: 'e2e-reviewer-password' };
  await prisma.user.create({
    data: { id: `U-${reviewer.username}`, username: reviewer.username, passwordHash: await hashPassword(reviewer.password), displayName: 'Vũ Thị Thu Trang', role: 'REVIEWER', unitId: SESSIONS_DEPARTMENT },
  });
  const department = await prisma.unit.findUniqueOrThrow({ where: { id: SESSIONS_DEPARTMENT } });
  return { cycle, officers, reviewer, department };
}
