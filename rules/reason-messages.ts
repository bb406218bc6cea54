// Verification reasons and rule traces as sentences for reviewers: Vietnamese first, English second.
import type { Locale } from '../domain/locale';
import type { RuleTraceEntry } from './engine';

export type { Locale } from '../domain/locale';

/** What is stored per reason ({ code, params }); severity is not needed to word it. */
export interface ReasonLike {
  code: string;
  params?: Readonly<Record<string, unknown>>;
}

type Params = Readonly<Record<string, unknown>>;
type Message = Record<Locale, (p: Params) => string>;

const num = (locale: Locale, v: unknown) =>
  typeof v === 'number' ? new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(v) : String(v);
const months = (locale: Locale, v: unknown) => (locale === 'vi' ? `${num('vi', v)} tháng` : `${num('en', v)} ${v === 1 ? 'month' : 'months'}`);
const hasNumber = (p: Params, ...keys: string[]) => keys.every((k) => typeof p[k] === 'number');

const MESSAGES: Record<string, Message> = {
  // Named when the caller knows both positions (the registration's view adds their names).
  POSITION_DIFFERS: {
    vi: (p) =>
      typeof p.chosenPosition === 'string' && typeof p.heldPosition === 'string'
        ? `Vị trí đăng ký "${p.chosenPosition}" khác vị trí đang đảm nhiệm "${p.heldPosition}"`
        : 'Vị trí đăng ký khác vị trí đang đảm nhiệm',
    en: (p) =>
      typeof p.chosenPosition === 'string' && typeof p.heldPosition === 'string'
        ? `Registered position "${p.chosenPosition}" differs from the position held, "${p.heldPosition}"`
        : 'Registered position differs from the current assignment',
  },
  OTHER_FIELD: {
    vi: () => 'Vị trí đăng ký thuộc lĩnh vực chuyên môn khác với lĩnh vực đang công tác',
    en: () => 'Registered position belongs to another professional field than the current assignment',
  },
  LEADERSHIP_MISMATCH: {
    vi: (p) =>
      p.heldIsLeadership === true && p.chosenIsLeadership === false
        ? 'Đang giữ chức vụ lãnh đạo (đội trưởng) nhưng đăng ký vị trí không phải lãnh đạo'
        : p.heldIsLeadership === false && p.chosenIsLeadership === true
          ? 'Không giữ chức vụ lãnh đạo nhưng đăng ký vị trí lãnh đạo'
          : 'Vị trí đăng ký khác nhóm lãnh đạo/không lãnh đạo của vị trí đang đảm nhiệm',
    en: (p) =>
      p.heldIsLeadership === true && p.chosenIsLeadership === false
        ? 'Holds a leadership post (team leader) but registered for a non-leadership position'
        : p.heldIsLeadership === false && p.chosenIsLeadership === true
          ? 'Holds no leadership post but registered for a leadership position'
          : 'Registered position is in another leadership group than the current assignment',
  },
  RECENT_ASSIGNMENT_CHANGE: {
    vi: (p) => {
      const since = hasNumber(p, 'months', 'withinMonths')
        ? `vị trí hiện tại mới được phân công ${months('vi', p.months)} (dưới ${months('vi', p.withinMonths)})`
        : 'vị trí hiện tại mới được phân công gần đây';
      return p.previousPosition === false
        ? `${capitalize(since)}, nhưng vị trí đăng ký cũng không phải vị trí đảm nhiệm trước đó`
        : `Đăng ký vị trí đảm nhiệm trước đó: ${since}, nên lựa chọn này có thể hợp lệ`;
    },
    en: (p) => {
      const since = hasNumber(p, 'months', 'withinMonths')
        ? `the current assignment began ${months('en', p.months)} ago (less than ${months('en', p.withinMonths)})`
        : 'the current assignment began recently';
      return p.previousPosition === false
        ? `${capitalize(since)}, yet the registered position is not the previous one either`
        : `Registered for the previous position: ${since}, so this choice may be legitimate`;
    },
  },
  OUT_OF_SCOPE: {
    vi: (p) =>
      ({
        unit: 'Đơn vị công tác của công chức không thuộc phạm vi kỳ đánh giá',
        field: 'Lĩnh vực chuyên môn không thuộc phạm vi kỳ đánh giá',
        leadershipGroup: 'Nhóm chức danh (lãnh đạo/không lãnh đạo) không thuộc đối tượng của kỳ đánh giá',
      })[String(p.scope)] ?? 'Không thuộc phạm vi kỳ đánh giá',
    en: (p) =>
      ({
        unit: "The officer's unit is outside this cycle's scope",
        field: "The professional field is outside this cycle's scope",
        leadershipGroup: "The officer's group (leadership or non-leadership) is not included in this cycle",
      })[String(p.scope)] ?? "Outside this cycle's scope",
  },
  DUPLICATE_REGISTRATION: {
    vi: (p) =>
      `Công chức đã có ${hasNumber(p, 'count') ? `${num('vi', p.count)} ` : ''}đăng ký khác còn hiệu lực trong kỳ đánh giá đang diễn ra trùng thời gian`,
    en: (p) =>
      hasNumber(p, 'count') && p.count !== 1
        ? `The officer already has ${num('en', p.count)} other active registrations in an overlapping running cycle`
        : 'The officer already has another active registration in an overlapping running cycle',
  },
};

export function renderReason(reason: ReasonLike, locale: Locale): string {
  const message = MESSAGES[reason.code];
  if (message) return message[locale](reason.params ?? {});
  // A code from a newer rule set than this catalogue: still show something a person can report.
  const params = reason.params && Object.keys(reason.params).length > 0 ? ` ${JSON.stringify(reason.params)}` : '';
  return `${reason.code}${params}`;
}

const VERBS: Record<string, Record<Locale, string>> = {
  block: { vi: 'chặn', en: 'blocked' },
  flag: { vi: 'gắn cờ', en: 'flagged' },
  info: { vi: 'ghi chú', en: 'note' },
};

/** One line per fired rule, e.g. "flagged: registered position differs from the current assignment (position-differs)". */
export function renderTrace(trace: readonly RuleTraceEntry[], locale: Locale): string[] {
  const lines = trace
    .filter((t) => t.fired)
    .map((t) => {
      const type = t.event?.type ?? '';
      const verb = VERBS[type]?.[locale] ?? (locale === 'vi' ? 'kích hoạt' : 'fired');
      const code = t.event?.params.code;
      const what = typeof code === 'string' ? lowerFirst(renderReason({ code, params: t.event?.params }, locale)) : type;
      return `${verb}: ${what} (${t.rule})`;
    });
  if (lines.length > 0) return lines;
  return [locale === 'vi' ? 'không có quy tắc nào được kích hoạt' : 'no rule fired'];
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}
