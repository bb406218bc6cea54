// What a department's sessions look like to the people running them: the sessions with their seat counts, one
// session's seats (who sits where, whether their form is drawn), the approved candidates still without a seat
// and why, and the attendance sheet invigilators print.
import type { Prisma, PrismaClient, Unit } from '../prisma/db';
import { candidateWhere, unseatedReason, type UnseatedReason } from './exam-scheduling';

const named = { select: { id: true, nameVi: true, nameEn: true } } as const;

/** Sessions of the cycle in the given units (a scope filter), earliest first, with how many seats are taken. */
export async function listSessions(prisma: PrismaClient, cycleId: string, unitWhere: Prisma.UnitWhereInput) {
  const sessions = await prisma.examSession.findMany({
    where: { cycleId, unit: unitWhere },
    include: { _count: { select: { seats: true } } },
    orderBy: [{ unitId: 'asc' }, { startsAt: 'asc' }, { code: 'asc' }],
  });
  return sessions.map(({ _count, ...s }) => ({ ...s, seated: _count.seats }));
}

/** One session's seats in seat order: the candidate, their unit and position, whether their form is drawn, whether they began. */
export async function sessionSeats(prisma: PrismaClient, sessionId: string) {
  const seats = await prisma.examSeat.findMany({
    where: { sessionId },
    orderBy: { seatNumber: 'asc' },
    include: {
      registration: {
        select: {
          id: true,
          officer: { select: { id: true, employeeCode: true, fullName: true } },
          unit: named,
          position: named,
          _count: { select: { forms: true, attempts: true } },
        },
      },
    },
  });
  return seats.map(({ seatNumber, registration: r }) => ({
    registrationId: r.id,
    seatNumber,
    officer: r.officer,
    unit: r.unit,
    position: r.position,
    formDrawn: r._count.forms > 0,
    started: r._count.attempts > 0,
  }));
}

const UNSEATED_LIMIT = 500;

/**
 * The department's seating as a whole: whether its list is approved (before that nobody can be seated), how many
 * candidates it has and how many are seated, and the first of those still without a seat with the reason.
 */
export async function seatingStatus(prisma: PrismaClient, cycleId: string, department: Unit) {
  const where = candidateWhere(cycleId, department.path);
  const [list, candidates, unseatedCount, unseated, openSessions] = await Promise.all([
    prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId, unitId: department.id } }, select: { status: true } }),
    prisma.registration.count({ where }),
    prisma.registration.count({ where: { ...where, seat: null } }),
    prisma.registration.findMany({
      where: { ...where, seat: null },
      select: { id: true, officer: { select: { id: true, employeeCode: true, fullName: true } }, unit: named, position: named },
      orderBy: [{ unitId: 'asc' }, { officer: { employeeCode: 'asc' } }],
      take: UNSEATED_LIMIT,
    }),
    prisma.examSession.findMany({ where: { cycleId, unitId: department.id, status: { in: ['PLANNED', 'PUBLISHED'] } }, select: { capacity: true, _count: { select: { seats: true } } } }),
  ]);
  const freeSeats = openSessions.reduce((n, s) => n + Math.max(0, s.capacity - s._count.seats), 0);
  const reason: UnseatedReason = unseatedReason(openSessions.length, freeSeats);
  return {
    listApproved: list?.status === 'APPROVED',
    candidates,
    seated: candidates - unseatedCount,
    freeSeats,
    unseatedCount,
    unseated: unseated.map((r) => ({ registrationId: r.id, officer: r.officer, unit: r.unit, position: r.position, reason })),
  };
}

export interface AttendanceSheet {
  cycle: { code: string; nameVi: string };
  departmentNameVi: string;
  session: { code: string; room: string | null; startsAt: Date; lateStartMinutes: number };
  rows: { seatNumber: number; employeeCode: string; fullName: string; positionNameVi: string; unitNameVi: string }[];
}

/** What the printed attendance sheet shows: one row per seat, in seat order. */
export async function attendanceSheet(prisma: PrismaClient, sessionId: string): Promise<AttendanceSheet> {
  const session = await prisma.examSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: {
      cycle: { select: { code: true, nameVi: true } },
      unit: { select: { nameVi: true } },
      seats: {
        orderBy: { seatNumber: 'asc' },
        select: { seatNumber: true, registration: { select: { officer: { select: { employeeCode: true, fullName: true } }, position: { select: { nameVi: true } }, unit: { select: { nameVi: true } } } } },
      },
    },
  });
  return {
    cycle: session.cycle,
    departmentNameVi: session.unit.nameVi,
    session: { code: session.code, room: session.room, startsAt: session.startsAt, lateStartMinutes: session.lateStartMinutes },
    rows: session.seats.map((s) => ({
      seatNumber: s.seatNumber,
      employeeCode: s.registration.officer.employeeCode,
      fullName: s.registration.officer.fullName,
      positionNameVi: s.registration.position.nameVi,
      unitNameVi: s.registration.unit.nameVi,
    })),
  };
}
