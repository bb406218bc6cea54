// Every time a person reads is Vietnam's (Asia/Ho_Chi_Minh), whatever the browser's own zone.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';

dayjs.extend(utc);
dayjs.extend(timezone);

export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

const inVietnam = (t: string | number | Date) => dayjs(t).tz(VIETNAM_TZ);

/** 08:12:03 */
export const clockTime = (t: string | number | Date) => inVietnam(t).format('HH:mm:ss');
/** 01/12/2026 */
export const dateOnly = (t: string | number | Date) => inVietnam(t).format('DD/MM/YYYY');
/** 08:00, 01/12/2026 */
export const dateTime = (t: string | number | Date) => inVietnam(t).format('HH:mm, DD/MM/YYYY');
/** Whether two times fall on the same day in Vietnam. */
export const sameVietnamDay = (a: string | number | Date, b: string | number | Date) => inVietnam(a).format('YYYY-MM-DD') === inVietnam(b).format('YYYY-MM-DD');

/** 59:07 or 1:02:03 */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

export { dayjs };
