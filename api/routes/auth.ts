import { z } from 'zod';
import { verifyPassword } from '../../domain/passwords';
import { HttpError } from '../errors';
import type { ApiContext } from '../context';

export function authRoutes({ prisma, tokens, routes }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/auth/token',
    tag: 'Authentication',
    summary: 'Sign in with a username and password; returns a signed access token',
    roles: 'public',
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    async handle({ body }) {
      const user = await prisma.user.findUnique({ where: { username: body.username }, include: { unit: true } });
      if (!user || !user.active || !(await verifyPassword(body.password, user.passwordHash))) {
        throw new HttpError(401, 'BAD_CREDENTIALS', 'auth.badCredentials');
      }
      const authUser = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        unitId: user.unitId,
        unitPath: user.unit?.path ?? null,
        officerId: user.officerId,
        businessId: user.businessId,
      };
      return { token: await tokens.issue(authUser), user: authUser };
    },
  });

  routes.route({
    method: 'get',
    path: '/auth/me',
    tag: 'Authentication',
    summary: 'Who the access token belongs to',
    roles: ['COORDINATOR', 'REVIEWER', 'LEADER', 'OFFICER', 'BUSINESS'],
    async handle({ user }) {
      return user;
    },
  });
}
