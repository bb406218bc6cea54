// Feedback statistics for staff, over their unit scope and the filters: totals and distributions, the look-up of
// ratings and its Excel export (SQL aggregates and keyset batches), and the summaries that feed officers'
// capacity profiles and units' evaluation.
import { z } from 'zod';
import { scoreOf } from '../../../domain/feedback-rating';
import { writeFeedbackWorkbook } from '../../../services/documents/feedback-workbook';
import { toSearchName } from '../../../domain/text';
import { orNoMatch } from '../../../domain/unit-path';
import {
  analytics,
  countRatings,
  DIMENSIONS,
  feedbackOverview,
  lookupBatches,
  lookupRatings,
  officerFeedbackSummary,
  ratingDistribution,
  unitFeedbackSummary,
  type FeedbackFilter,
  type LookupRow,
} from '../../../services/feedback-stats';
import type { AuthUser } from '../../auth';
import { HttpError, notFound } from '../../errors';
import { idParam, page, pageQuery } from '../../route';
import { assertOfficerVisible, assertUnitInScope, MANAGING_ROLES, scopePath, STAFF_ROLES } from '../../scope';
import { XLSX, filterQuery, parseLevels, rangeOf, rangeQuery, type FeedbackContext, type FilterQuery } from './shared';
import { distributionShape, lookupShape, statisticsShape } from '../../work-shapes';
export function statisticsRoutes({ prisma, routes, policy }: FeedbackContext) {
  /** The staff filter of a look-up: the caller's scope, narrowed to a chosen unit; every named unit must be in scope. */
  async function staffFilter(user: AuthUser, q: FilterQuery): Promise<FeedbackFilter> {
    let unitPathPrefix = orNoMatch(scopePath(user));
    for (const id of [q.unitId, q.branchId, q.teamId]) {
      if (!id) continue;
      const unit = await prisma.unit.findUnique({ where: { id } });
      if (!unit) throw notFound('Unit', id);
      assertUnitInScope(user, unit);
      if (id === q.unitId) unitPathPrefix = unit.path;
    }
    return {
      unitPathPrefix,
      ...rangeOf(q),
      declarationNumber: q.declarationNumber,
      businessId: q.businessId,
      businessSearch: q.business ? (/^\d{10}(-\d{3})?$/.test(q.business) ? q.business : toSearchName(q.business)) : undefined,
      branchId: q.branchId,
      teamId: q.teamId,
      stageId: q.stageId,
      officerId: q.officerId,
      levels: parseLevels(q.level),
      subjectKind: q.subjectKind,
    };
  }

  routes.route({
    method: 'get',
    path: '/feedback/statistics',
    response: statisticsShape,
    tag: 'Feedback statistics',
    summary: "Totals and distribution by level, the most rated branches, teams, stages and officers, and case figures, over the caller's scope and the filters",
    roles: MANAGING_ROLES,
    query: filterQuery.extend({ top: z.coerce.number().int().min(1).max(100).default(10) }),
    async handle({ query, user }) {
      const filter = await staffFilter(user, query);
      const asOf = new Date();
      return { asOf, unitPathPrefix: filter.unitPathPrefix, ...(await analytics(prisma, (db) => feedbackOverview(db, filter, query.top, asOf))) };
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/statistics/:dimension',
    response: distributionShape,
    tag: 'Feedback statistics',
    summary: 'The whole distribution along one dimension, paged: branch, team, stage, officer (ratings of that kind of subject), unit or department (every rating by its responsible unit)',
    roles: MANAGING_ROLES,
    params: z.object({ dimension: z.enum(DIMENSIONS) }),
    query: filterQuery.extend(pageQuery.shape),
    async handle({ params, query, user }) {
      const filter = await staffFilter(user, query);
      const { rows, groups } = await analytics(prisma, (db) => ratingDistribution(db, filter, params.dimension, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }));
      return page(rows, groups, query);
    },
  });

  const presentLookupRow = (r: LookupRow) => ({
    id: r.id,
    submittedAt: r.submittedAt,
    amendedAt: r.amendedAt,
    level: r.level,
    score: scoreOf(r.level),
    subject: {
      key: r.subjectKey,
      kind: r.subjectKind,
      nameVi: r.subjectKind === 'OFFICER' ? r.officerName : r.subjectKind === 'STAGE' ? r.stageNameVi : r.unitNameVi,
      nameEn: r.subjectKind === 'OFFICER' ? r.officerName : r.subjectKind === 'STAGE' ? r.stageNameEn : r.unitNameEn,
      ...(r.subjectKind === 'OFFICER' ? { employeeCode: r.employeeCode } : {}),
    },
    responsibleUnit: r.unitId ? { id: r.unitId, nameVi: r.unitNameVi, nameEn: r.unitNameEn } : null,
    reasonCodes: r.reasonCodes,
    comment: r.comment,
    declaration: { id: r.declarationId, number: r.declarationNumber, registeredAt: r.registeredAt },
    business: { id: r.businessId, name: r.businessName, taxCode: r.taxCode },
    branch: { id: r.branchId, nameVi: r.branchNameVi, nameEn: r.branchNameEn },
    case: r.caseId ? { id: r.caseId, status: r.caseStatus, outcome: r.caseOutcome } : null,
  });

  routes.route({
    method: 'get',
    path: '/feedback/ratings',
    response: lookupShape,
    tag: 'Feedback statistics',
    summary: 'Look up ratings by declaration number, business, time, unit, branch, team, stage, officer and level, newest first',
    roles: MANAGING_ROLES,
    query: filterQuery.extend(pageQuery.shape),
    async handle({ query, user }) {
      const filter = await staffFilter(user, query);
      const { rows, total } = await analytics(prisma, (db) => lookupRatings(db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }));
      return page(rows.map(presentLookupRow), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/ratings/export',
    tag: 'Feedback statistics',
    summary: 'The look-up as an Excel file (same filters as GET /feedback/ratings)',
    roles: MANAGING_ROLES,
    query: filterQuery,
    produces: XLSX,
    async handle({ query, user, res }) {
      const filter = await staffFilter(user, query);
      const count = await countRatings(prisma, filter);
      if (count > policy.maxExportRows) throw new HttpError(422, 'EXPORT_TOO_LARGE', 'feedback.exportTooLarge', { count, max: policy.maxExportRows });
      const reasons = new Map((await prisma.feedbackReason.findMany()).map((r) => [r.code, r.nameVi]));
      const described = Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('; ');
      const stamp = new Date();
      res.type(XLSX).attachment(`tra-cuu-danh-gia-${stamp.toISOString().slice(0, 10)}.xlsx`);
      async function* rows() {
        for await (const batch of lookupBatches(prisma, filter, 5000)) {
          yield batch.map((r) => {
            const p = presentLookupRow(r);
            return {
              submittedAt: new Date(r.submittedAt),
              amendedAt: r.amendedAt ? new Date(r.amendedAt) : null,
              declarationNumber: r.declarationNumber,
              businessName: r.businessName,
              taxCode: r.taxCode,
              branchName: r.branchNameVi,
              subjectKind: r.subjectKind,
              subjectName: `${p.subject.nameVi ?? r.subjectKey}${r.employeeCode && r.subjectKind === 'OFFICER' ? ` (${r.employeeCode})` : ''}`,
              unitName: r.unitNameVi,
              level: r.level,
              reasons: r.reasonCodes.map((c) => reasons.get(c) ?? c).join('; '),
              comment: r.comment,
              caseStatus: r.caseStatus,
              caseOutcome: r.caseOutcome,
            };
          });
        }
      }
      await writeFeedbackWorkbook(res, { filters: described || 'tất cả (trong phạm vi đơn vị)', generatedAt: stamp }, rows());
      res.end();
    },
  });

  routes.route({
    method: 'get',
    path: '/officers/:id/feedback-summary',
    tag: 'Feedback statistics',
    summary: "An officer's ratings and the outcomes of the cases they opened, for the capacity profile (officers may read their own)",
    roles: STAFF_ROLES,
    params: idParam,
    query: rangeQuery,
    async handle({ params, query, user }) {
      const officer = await prisma.officer.findUnique({ where: { id: params.id }, include: { unit: true } });
      if (!officer) throw notFound('Officer', params.id);
      assertOfficerVisible(user, officer);
      const summary = await analytics(prisma, (db) => officerFeedbackSummary(db, officer.id, rangeOf(query), new Date()));
      return { ...summary, officer: { id: officer.id, employeeCode: officer.employeeCode, fullName: officer.fullName, unitId: officer.unitId } };
    },
  });

  routes.route({
    method: 'get',
    path: '/units/:id/feedback-summary',
    tag: 'Feedback statistics',
    summary: "A unit's ratings and case figures (everything its subtree answers for), and the same per direct sub-unit, for unit evaluation",
    roles: MANAGING_ROLES,
    params: idParam,
    query: rangeQuery,
    async handle({ params, query, user }) {
      const unit = await prisma.unit.findUnique({ where: { id: params.id } });
      if (!unit) throw notFound('Unit', params.id);
      assertUnitInScope(user, unit);
      const summary = await analytics(prisma, (db) => unitFeedbackSummary(db, unit, rangeOf(query), new Date()));
      return { ...summary, unit: { id: unit.id, nameVi: unit.nameVi, nameEn: unit.nameEn, kind: unit.kind } };
    },
  });
}
