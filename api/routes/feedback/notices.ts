// Notices of newly issued legal documents: businesses read those relevant to the fields their declarations went
// through, staff read them all, headquarters publishes them.
import { z } from 'zod';
import type { Prisma } from '../../../prisma/db';
import { publishLegalNotice } from '../../../services/legal-notices';
import { badRequest, notFound } from '../../errors';
import { idParam, page, pageQuery, skipTake } from '../../route';
import { STAFF_ROLES } from '../../scope';
import { BUSINESS, DAY_MS, booleanFlag, rangeOf, rangeQuery, requireBusiness, type FeedbackContext } from './shared';
import { legalNoticesShape } from '../../work-shapes';
const noticeLink = (id: string) => `/api/feedback/legal-notices/${encodeURIComponent(id)}/source`;

export function noticeRoutes({ prisma, routes, policy }: FeedbackContext) {
  routes.route({
    method: 'get',
    path: '/feedback/legal-notices',
    response: legalNoticesShape,
    tag: 'Feedback (business)',
    summary: 'Notices of newly issued legal documents and guidance, newest first: for a business, those relevant to the fields its declarations went through (all=true for every notice)',
    roles: [...BUSINESS, ...STAFF_ROLES],
    query: pageQuery.extend({ all: booleanFlag, fieldId: z.string().min(1).max(10).optional(), ...rangeQuery.shape }),
    async handle({ query, user }) {
      let relevantFields: string[] | null = null;
      if (user.role === 'BUSINESS' && query.all !== 'true') {
        // The professional fields of the officers who handled the business's declarations.
        const positions = await prisma.jobPosition.findMany({
          where: { officers: { some: { handlings: { some: { declaration: { businessId: requireBusiness(user) } } } } } },
          select: { fieldId: true },
          distinct: ['fieldId'],
        });
        relevantFields = positions.map((p) => p.fieldId);
      }
      const range = rangeOf(query);
      const where: Prisma.LegalNoticeWhereInput = {
        AND: [
          relevantFields ? { OR: [{ fieldIds: { isEmpty: true } }, { fieldIds: { hasSome: relevantFields } }] } : {},
          query.fieldId ? { fieldIds: { has: query.fieldId } } : {},
          range.from || range.to ? { issuedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.legalNotice.findMany({ where, orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
        prisma.legalNotice.count({ where }),
      ]);
      const newSince = Date.now() - policy.newNoticeDays * DAY_MS;
      return page(items.map((n) => ({ ...n, isNew: n.publishedAt.getTime() >= newSince, sourceLink: noticeLink(n.id) })), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/legal-notices/:id/source',
    tag: 'Feedback (business)',
    summary: "Open a notice's source document (a redirect to the official text)",
    roles: [...BUSINESS, ...STAFF_ROLES],
    params: idParam,
    status: 302,
    async handle({ params, res }) {
      const notice = await prisma.legalNotice.findUnique({ where: { id: params.id } });
      if (!notice) throw notFound('LegalNotice', params.id);
      const url = new URL(notice.sourceUrl); // stored URLs are http(s) only: checked when published
      res.redirect(302, url.toString());
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/legal-notices',
    tag: 'Feedback (business)',
    summary: 'Publish a notice of a newly issued legal document (headquarters)',
    roles: ['COORDINATOR'],
    body: z.object({
      titleVi: z.string().trim().min(5).max(500),
      titleEn: z.string().trim().min(5).max(500),
      summaryVi: z.string().trim().max(2000).optional(),
      summaryEn: z.string().trim().max(2000).optional(),
      documentNo: z.string().trim().max(60).optional(),
      sourceUrl: z.url({ protocol: /^https?$/ }).max(1000),
      issuedAt: z.iso.date(),
      fieldIds: z.array(z.string().min(1).max(10)).max(8).default([]),
    }),
    status: 201,
    async handle({ body, user }) {
      const fields = await prisma.professionalField.findMany({ where: { id: { in: body.fieldIds } }, select: { id: true } });
      const missing = body.fieldIds.filter((id) => !fields.some((f) => f.id === id));
      if (missing.length) throw badRequest('UNKNOWN_FIELD', 'feedback.unknownFields', { ids: missing.join(', ') });
      const notice = await publishLegalNotice(prisma, body, user);
      return { ...notice, isNew: true, sourceLink: noticeLink(notice.id) };
    },
  });
}
