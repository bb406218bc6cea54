// The signed-in officer's own page: where they work now, the cycles they may register in, and their
// registration in each (with what verification said, in words), so the web app's home needs one request.
import { z } from 'zod';
import { eligibility } from '../../domain/eligibility';
import { NO_MATCH } from '../../domain/unit-path';
import { registrationWindowOpen } from '../../services/registrations';
import { forbidden } from '../errors';
import { cycleScopeWhere } from '../scope';
import type { ApiContext } from '../context';
import { isoTime, named, registrationView } from '../response-shapes';
import { presentRegistration, registrationInclude } from './registrations';


const positionView = named.extend({ code: z.string(), fieldId: z.string(), isLeadership: z.boolean() });

const overviewResponse = z.object({
  officer: z.object({
    id: z.string(),
    employeeCode: z.string(),
    fullName: z.string(),
    unit: named,
    position: positionView,
  }),
  cycles: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      nameVi: z.string(),
      nameEn: z.string(),
      phase: z.string(),
      registrationOpensAt: isoTime,
      registrationClosesAt: isoTime,
      examStartsAt: isoTime,
      registrationOpen: z.boolean(),
      eligible: z.boolean(),
      registration: registrationView.nullable(),
    }),
  ),
  positions: z.array(positionView).describe('Positions an officer may register for, by field'),
});

export function meRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/me/overview',
    tag: 'Registrations',
    summary: "The signed-in officer's placement, the running cycles with their own registration, and the positions to choose from",
    roles: ['OFFICER'],
    response: overviewResponse,
    async handle({ user, locale }) {
      if (!user.officerId) throw forbidden('auth.notYourOfficer');
      const officer = await prisma.officer.findUniqueOrThrow({ where: { id: user.officerId }, include: { unit: true, position: true } });
      const [cycles, positions, registrations] = await Promise.all([
        prisma.assessmentCycle.findMany({ where: { status: 'RUNNING', ...cycleScopeWhere(user) }, orderBy: { registrationOpensAt: 'desc' }, take: 10 }),
        prisma.jobPosition.findMany({ where: { active: true }, orderBy: [{ fieldId: 'asc' }, { code: 'asc' }] }),
        prisma.registration.findMany({ where: { officerId: officer.id, round: 1 }, include: registrationInclude }),
      ]);
      const scopePaths = await prisma.unit.findMany({ where: { id: { in: cycles.flatMap((c) => c.scopeUnitIds) } }, select: { id: true, path: true } });
      const pathOf = new Map(scopePaths.map((u) => [u.id, u.path]));
      const placement = { active: officer.active, unitPath: officer.unit.path, fieldId: officer.position.fieldId, isLeadership: officer.position.isLeadership };
      const pick = ({ id, code, nameVi, nameEn, fieldId, isLeadership }: typeof officer.position) => ({ id, code, nameVi, nameEn, fieldId, isLeadership });
      return {
        officer: {
          id: officer.id,
          employeeCode: officer.employeeCode,
          fullName: officer.fullName,
          unit: { id: officer.unit.id, nameVi: officer.unit.nameVi, nameEn: officer.unit.nameEn },
          position: pick(officer.position),
        },
        cycles: cycles.map((c) => {
          const mine = registrations.find((r) => r.cycleId === c.id);
          const scope = { scopeUnitPaths: c.scopeUnitIds.map((id) => pathOf.get(id) ?? NO_MATCH), scopeFieldIds: c.scopeFieldIds, includeNonLeadership: c.includeNonLeadership, includeTeamLeaders: c.includeTeamLeaders };
          return {
            id: c.id,
            code: c.code,
            nameVi: c.nameVi,
            nameEn: c.nameEn,
            phase: c.phase,
            registrationOpensAt: c.registrationOpensAt,
            registrationClosesAt: c.registrationClosesAt,
            examStartsAt: c.examStartsAt,
            registrationOpen: registrationWindowOpen(c),
            eligible: eligibility(scope, placement).eligible,
            registration: mine ? presentRegistration(mine, locale) : null,
          };
        }),
        positions: positions.map(pick),
      };
    },
  });
}
