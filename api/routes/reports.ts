// Capacity profiles and cycle result reports. An officer reads their own profile; reviewers and leaders those
// of officers in their unit's subtree; the coordinator anyone's. Reports are drawn from the caller's unit scope
// (or a unit inside it) and come as JSON, as an Excel workbook or as a PDF.
import { z } from 'zod';
import { capacityProfile } from '../../services/capacity-profile';
import { cycleResultReport, REPORT_DIMENSIONS } from '../../services/cycle-report';
import { buildResultsReportPdf } from '../../services/documents/report-pdf';
import { buildResultsReportWorkbook, DIMENSION_LABELS } from '../../services/documents/report-workbook';
import { orNoMatch } from '../../domain/unit-path';
import { notFound } from '../errors';
import { translate } from '../i18n';
import { loadUnitInScope, loadVisibleCycle } from '../lookups';
import { MANAGING_ROLES, scopePath, STAFF_ROLES, assertOfficerVisible } from '../scope';
import { idParam } from '../route';
import type { ApiContext } from '../context';
import { resultReportShape } from '../console-shapes';
import { capacityProfileView } from '../response-shapes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

export function reportRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/officers/:id/profile',
    tag: 'Reports',
    summary: "An officer's capacity profile: assignments, every cycle's registration and result with its level and why, sub-scores against required levels, follow-up tasks, business feedback",
    roles: STAFF_ROLES,
    params: idParam,
    response: capacityProfileView,
    async handle({ params, user, locale }) {
      const officer = await prisma.officer.findUnique({ where: { id: params.id }, include: { unit: true } });
      if (!officer) throw notFound('Officer', params.id);
      assertOfficerVisible(user, officer);
      const profile = await capacityProfile(prisma, officer.id, { locale });
      if (!profile) throw notFound('Officer', params.id);
      return profile;
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/reports/results',
    tag: 'Reports',
    summary: 'Cycle results per department, position or field: in scope, registered, tested, participation, achieved, share scoring 90+, level distribution, mismatch rate, follow-ups',
    description:
      'Rates come as fractions with 4 decimals plus a display percent. `format=xlsx` answers with an Excel workbook ' +
      `(${XLSX}) and \`format=pdf\` with a PDF (${PDF}), both in Vietnamese.`,
    roles: MANAGING_ROLES,
    params: idParam,
    response: resultReportShape,
    produces: [XLSX, PDF],
    query: z.object({
      by: z.enum(REPORT_DIMENSIONS).default('department'),
      unitId: z.string().min(1).max(40).optional(),
      format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
    }),
    async handle({ params, query, user, res }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await loadUnitInScope(prisma, user, query.unitId);
      // A caller without scope sees nothing (the roles here always have one).
      const unitPathPrefix = unit?.path ?? orNoMatch(scopePath(user));
      const report = await cycleResultReport(prisma, { cycleId: cycle.id, by: query.by, unitPathPrefix });
      if (query.format === 'json') return report;

      const scopeUnit = unit ?? (unitPathPrefix === '/' ? null : await prisma.unit.findUnique({ where: { id: user.unitId ?? '' } }));
      const scopeName = scopeUnit ? translate('vi', 'report.scopeUnit', { name: scopeUnit.nameVi }) : translate('vi', 'report.scopeAll');
      const name = `bao-cao-ket-qua-${cycle.code}-${DIMENSION_LABELS[query.by].file}${unit ? `-${unit.id}` : ''}`;
      if (query.format === 'xlsx') {
        res.type(XLSX).attachment(`${name}.xlsx`).send(await buildResultsReportWorkbook(report, { scopeName }));
      } else {
        res.type(PDF).attachment(`${name}.pdf`).send(await buildResultsReportPdf(report, { scopeName }));
      }
    },
  });
}
