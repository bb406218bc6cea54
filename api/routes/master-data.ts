// Master data: the organisation, professional fields, job positions with their competency frameworks,
// competencies and officers. Reference data is readable by all staff; units and officers by unit scope.
import { z } from 'zod';
import { toSearchName } from '../../domain/text';
import type { Prisma } from '../../prisma/db';
import { notFound } from '../errors';
import { assertUnitInScope, MANAGING_ROLES, STAFF_ROLES, unitScopeWhere, assertOfficerVisible } from '../scope';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { paged } from '../response-shapes';
import { fieldsShape, unitShape } from '../console-shapes';
import { positionShape } from '../work-shapes';
import { competencyShape } from '../bank-shapes';

const searchText = z.string().trim().min(1).max(100);

export function masterDataRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/units',
    tag: 'Master data',
    summary: 'Units in the caller\'s scope (headquarters, departments, branches, teams)',
    response: paged(unitShape),
    roles: STAFF_ROLES,
    query: pageQuery.extend({
      parentId: z.string().optional(),
      kind: z.enum(['HEADQUARTERS', 'HQ_UNIT', 'DEPARTMENT', 'BRANCH', 'TEAM']).optional(),
      q: searchText.optional(),
    }),
    async handle({ query, user }) {
      const where: Prisma.UnitWhereInput = {
        AND: [
          unitScopeWhere(user),
          query.parentId ? { parentId: query.parentId } : {},
          query.kind ? { kind: query.kind } : {},
          query.q ? { OR: [{ nameVi: { contains: query.q, mode: 'insensitive' } }, { nameEn: { contains: query.q, mode: 'insensitive' } }, { code: { contains: query.q, mode: 'insensitive' } }] } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.unit.findMany({ where, orderBy: { path: 'asc' }, ...skipTake(query) }),
        prisma.unit.count({ where }),
      ]);
      return page(items, total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/units/:id',
    tag: 'Master data',
    summary: 'A unit with its direct sub-units',
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const unit = await prisma.unit.findUnique({ where: { id: params.id }, include: { children: { orderBy: { code: 'asc' } } } });
      if (!unit) throw notFound('Unit', params.id);
      assertUnitInScope(user, unit);
      return unit;
    },
  });

  routes.route({
    method: 'get',
    path: '/fields',
    tag: 'Master data',
    summary: 'The 8 professional fields',
    response: fieldsShape,
    roles: STAFF_ROLES,
    async handle() {
      return { items: await prisma.professionalField.findMany({ orderBy: { id: 'asc' } }) };
    },
  });

  routes.route({
    method: 'get',
    path: '/positions',
    response: paged(positionShape),
    tag: 'Master data',
    summary: 'Job positions',
    roles: STAFF_ROLES,
    query: pageQuery.extend({
      fieldId: z.string().optional(),
      leadership: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      q: searchText.optional(),
    }),
    async handle({ query }) {
      const where: Prisma.JobPositionWhereInput = {
        ...(query.fieldId ? { fieldId: query.fieldId } : {}),
        ...(query.leadership !== undefined ? { isLeadership: query.leadership } : {}),
        ...(query.q ? { OR: [{ nameVi: { contains: query.q, mode: 'insensitive' } }, { nameEn: { contains: query.q, mode: 'insensitive' } }] } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.jobPosition.findMany({ where, orderBy: { code: 'asc' }, ...skipTake(query) }),
        prisma.jobPosition.count({ where }),
      ]);
      return page(items, total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/positions/:id',
    tag: 'Master data',
    summary: 'A job position with its competency framework and test blueprints',
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params }) {
      const position = await prisma.jobPosition.findUnique({
        where: { id: params.id },
        include: {
          field: true,
          competencies: { include: { competency: true }, orderBy: { competencyId: 'asc' } },
          blueprints: { include: { sections: true }, orderBy: { version: 'desc' } },
        },
      });
      if (!position) throw notFound('JobPosition', params.id);
      return position;
    },
  });

  routes.route({
    method: 'get',
    path: '/competencies',
    tag: 'Master data',
    summary: 'Competencies (field-specific and common)',
    response: paged(competencyShape),
    roles: STAFF_ROLES,
    query: pageQuery.extend({ fieldId: z.string().optional(), common: z.enum(['true', 'false']).optional() }),
    async handle({ query }) {
      const where: Prisma.CompetencyWhereInput = {
        ...(query.fieldId ? { fieldId: query.fieldId } : {}),
        ...(query.common === 'true' ? { fieldId: null } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.competency.findMany({ where, orderBy: { code: 'asc' }, ...skipTake(query) }),
        prisma.competency.count({ where }),
      ]);
      return page(items, total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/officers',
    tag: 'Master data',
    summary: 'Officers in the caller\'s unit scope; q searches names without needing diacritics',
    roles: MANAGING_ROLES,
    query: pageQuery.extend({
      unitId: z.string().optional(),
      positionId: z.string().optional(),
      fieldId: z.string().optional(),
      q: searchText.optional(),
    }),
    async handle({ query, user }) {
      const filterUnit = query.unitId ? await prisma.unit.findUnique({ where: { id: query.unitId } }) : null;
      if (query.unitId && !filterUnit) throw notFound('Unit', query.unitId);
      if (filterUnit) assertUnitInScope(user, filterUnit);
      const where: Prisma.OfficerWhereInput = {
        AND: [
          { unit: unitScopeWhere(user) },
          filterUnit ? { unit: { path: { startsWith: filterUnit.path } } } : {},
          query.positionId ? { positionId: query.positionId } : {},
          query.fieldId ? { position: { fieldId: query.fieldId } } : {},
          query.q ? { OR: [{ searchName: { contains: toSearchName(query.q) } }, { employeeCode: { equals: query.q.toUpperCase() } }] } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.officer.findMany({ where, orderBy: { employeeCode: 'asc' }, include: { position: true, unit: true }, ...skipTake(query) }),
        prisma.officer.count({ where }),
      ]);
      return page(items, total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/officers/:id',
    tag: 'Master data',
    summary: 'An officer with their assignment history (officers may read only their own)',
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const officer = await prisma.officer.findUnique({
        where: { id: params.id },
        include: { unit: true, position: true, assignments: { orderBy: { startDate: 'desc' }, include: { position: true, unit: true } } },
      });
      if (!officer) throw notFound('Officer', params.id);
      assertOfficerVisible(user, officer);
      return officer;
    },
  });
}
