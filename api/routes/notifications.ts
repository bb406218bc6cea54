// The signed-in user's notification centre: what the outbox holds for them (reminders, escalations, answers),
// in their language with a link to the thing, the unread count, and marking read. Every role has one.
import { z } from 'zod';
import { renderNotification } from '../../domain/notification-text';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../../services/notifications';
import { notFound } from '../errors';
import { addMessages } from '../i18n';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { isoTime, paged } from '../response-shapes';

addMessages({ vi: { 'entity.Notification': 'thông báo' }, en: { 'entity.Notification': 'notification' } });

const EVERYONE = ['COORDINATOR', 'REVIEWER', 'LEADER', 'OFFICER', 'BUSINESS'] as const;

const notificationShape = z.object({
  id: z.string(),
  templateKey: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('A path of the web app to open, if any'),
  createdAt: isoTime,
  readAt: isoTime.nullable(),
});
const listShape = paged(notificationShape).extend({ unread: z.number().int().describe('Unread notifications in all') });

export function notificationRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/me/notifications',
    tag: 'Notifications',
    summary: "The signed-in user's notifications, newest first, in the caller's language, with the unread count",
    roles: EVERYONE,
    query: pageQuery.extend({ unread: z.enum(['true', 'false']).optional().describe('true: only the unread ones') }),
    response: listShape,
    async handle({ user, query, locale }) {
      const { rows, total, unread } = await listNotifications(prisma, user.id, { ...skipTake(query), unreadOnly: query.unread === 'true' });
      const items = rows.map((n) => ({ id: n.id, templateKey: n.templateKey, ...renderNotification(n.templateKey, n.params, locale), createdAt: n.createdAt, readAt: n.readAt }));
      return { ...page(items, total, query), unread };
    },
  });

  routes.route({
    method: 'post',
    path: '/me/notifications/:id/read',
    tag: 'Notifications',
    summary: 'Mark one of my notifications read (again: no change)',
    roles: EVERYONE,
    params: idParam,
    response: z.object({ id: z.string(), readAt: isoTime }),
    async handle({ user, params }) {
      const read = await markNotificationRead(prisma, user.id, params.id);
      if (!read) throw notFound('Notification', params.id);
      return read;
    },
  });

  routes.route({
    method: 'post',
    path: '/me/notifications/read-all',
    tag: 'Notifications',
    summary: 'Mark all my notifications read',
    roles: EVERYONE,
    response: z.object({ marked: z.number().int() }),
    async handle({ user }) {
      return { marked: await markAllNotificationsRead(prisma, user.id) };
    },
  });
}
