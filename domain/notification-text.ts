// What a notification of the outbox says, in Vietnamese or English, and where in the web app it leads: one text
// for the in-app notification centre and for the e-mail, so both say the same thing. Times are Vietnam's.
export type NotificationLocale = 'vi' | 'en';

export interface NotificationText {
  title: string;
  body: string;
  /** A path of the web app (e.g. "/follow-ups/<id>"), or null when there is nothing to open. */
  link: string | null;
}

type Params = Record<string, unknown>;
type Template = { title: string; body: string };
type Catalogue = Record<string, Template>;

const FOLLOW_UP_TYPE: Record<NotificationLocale, Record<string, string>> = {
  vi: { RETRAINING: 'bồi dưỡng lại', REEXAMINATION: 'kiểm tra lại', REASSIGNMENT: 'bố trí lại vị trí', EXPERT_NOMINATION: 'đề cử nhóm chuyên gia / nguồn lãnh đạo' },
  en: { RETRAINING: 'retraining', REEXAMINATION: 're-examination', REASSIGNMENT: 'reassignment', EXPERT_NOMINATION: 'expert group / leadership nomination' },
};
const STATUS: Record<NotificationLocale, Record<string, string>> = {
  vi: { DONE: 'hoàn thành', DECLINED: 'không chấp nhận', CANCELLED: 'đã hủy', OPEN: 'đang mở' },
  en: { DONE: 'done', DECLINED: 'declined', CANCELLED: 'cancelled', OPEN: 'open' },
};
const OUTCOME: Record<NotificationLocale, Record<string, string>> = {
  vi: { SUBSTANTIATED: 'phản ánh đúng', NOT_SUBSTANTIATED: 'phản ánh không đúng' },
  en: { SUBSTANTIATED: 'substantiated', NOT_SUBSTANTIATED: 'not substantiated' },
};
const STEP: Record<NotificationLocale, Record<string, string>> = {
  vi: { VERIFY: 'xác minh', HANDLE: 'xử lý', ANSWER: 'kết luận', BUSINESS_RESPONSE: 'phản hồi của doanh nghiệp' },
  en: { VERIFY: 'verification', HANDLE: 'handling', ANSWER: 'outcome', BUSINESS_RESPONSE: "the business's response" },
};

const CATALOGUE: Record<NotificationLocale, Catalogue> = {
  vi: {
    'followUp.assigned': { title: 'Nhiệm vụ mới: {type}', body: 'Đơn vị có nhiệm vụ {type} cần xử lý trước {dueAt}.' },
    'followUp.reminder': { title: 'Nhắc việc: {type}', body: 'Nhiệm vụ {type} đến hạn lúc {dueAt} (còn {daysBefore} ngày).' },
    'followUp.overdue': { title: 'Quá hạn: {type}', body: 'Nhiệm vụ {type} đã đến hạn lúc {dueAt} mà chưa được xử lý.' },
    'followUp.escalated': { title: 'Chuyển cấp trên: {type}', body: 'Nhiệm vụ {type} quá hạn đã được chuyển lên cấp trên (lần {level}); hạn mới {dueAt}.' },
    'followUp.officer.RETRAINING': { title: 'Anh/chị cần bồi dưỡng lại', body: 'Theo kết quả đánh giá, anh/chị cần bồi dưỡng lại trước {dueAt}.' },
    'followUp.officer.REEXAMINATION': { title: 'Anh/chị cần kiểm tra lại', body: 'Theo kết quả đánh giá, anh/chị sẽ được kiểm tra lại; hạn {dueAt}.' },
    'followUp.officer.REASSIGNMENT': { title: 'Đề xuất bố trí lại vị trí', body: 'Lãnh đạo đơn vị sẽ xem xét bố trí lại vị trí việc làm của anh/chị trước {dueAt}.' },
    'followUp.officer.EXPERT_NOMINATION': { title: 'Đề cử nhóm chuyên gia', body: 'Kết quả xuất sắc: lãnh đạo đơn vị sẽ xem xét đề cử anh/chị trước {dueAt}.' },
    'followUp.closed': { title: 'Nhiệm vụ {type}: {status}', body: 'Nhiệm vụ {type} của anh/chị đã kết thúc ({status}).' },
    'followUp.reexamScheduled': { title: 'Lịch kiểm tra lại', body: 'Ca {code} lúc {startsAt}, phòng {room}, chỗ số {seatNumber}.' },
    'feedbackCase.assigned': { title: 'Phản ánh mới (tờ khai {declarationNumber})', body: 'Một đánh giá không hài lòng cần xác minh trước {dueAt}.' },
    'feedbackCase.received': { title: 'Đã tiếp nhận phản ánh (tờ khai {declarationNumber})', body: 'Cơ quan hải quan sẽ trả lời trước {answerBy}.' },
    'feedbackCase.answered': { title: 'Đã có kết quả phản ánh (tờ khai {declarationNumber})', body: 'Kết luận: {outcome}. {reason} Doanh nghiệp có thể đồng ý hoặc không đồng ý trước {respondBy}.' },
    'feedbackCase.reopened': { title: 'Doanh nghiệp không đồng ý (tờ khai {declarationNumber})', body: 'Phản ánh được mở lại để xem xét; hạn {dueAt}. Ý kiến: {comment}' },
    'feedbackCase.contestedFinal': { title: 'Doanh nghiệp không đồng ý (tờ khai {declarationNumber})', body: 'Doanh nghiệp không đồng ý với kết quả cuối cùng. Ý kiến: {comment}' },
    'feedbackCase.reminder': { title: 'Nhắc việc: phản ánh tờ khai {declarationNumber}', body: 'Bước {step} đến hạn lúc {dueAt}.' },
    'feedbackCase.escalated': { title: 'Chuyển cấp trên: phản ánh tờ khai {declarationNumber}', body: 'Bước {step} quá hạn, đã chuyển lên cấp trên (lần {level}); hạn {dueAt}.' },
    'unitList.submit': { title: 'Danh sách đăng ký đã được gửi', body: 'Một đơn vị đã gửi danh sách đăng ký kiểm tra để phê duyệt.' },
    'unitList.approve': { title: 'Danh sách đăng ký đã được phê duyệt', body: 'Danh sách đăng ký của đơn vị đã được phê duyệt.' },
    'unitList.return': { title: 'Danh sách đăng ký bị trả lại', body: 'Danh sách cần chỉnh sửa: {comment}' },
    'unitList.reminder': { title: 'Nhắc việc: danh sách đăng ký', body: 'Danh sách đăng ký của đơn vị cần được phê duyệt (còn {daysBefore} ngày).' },
    'unitList.escalated': { title: 'Danh sách đăng ký quá hạn', body: 'Danh sách đăng ký của một đơn vị chưa được phê duyệt đúng hạn.' },
    'exam.sessionPublished': { title: 'Lịch thi: ca {code}', body: 'Ca thi {code} bắt đầu lúc {startsAt}, phòng {room}.' },
    fallback: { title: 'Thông báo', body: 'Có thông báo mới trong hệ thống.' },
  },
  en: {
    'followUp.assigned': { title: 'New task: {type}', body: 'Your unit has a {type} task to act on by {dueAt}.' },
    'followUp.reminder': { title: 'Reminder: {type}', body: 'A {type} task is due at {dueAt} ({daysBefore} days left).' },
    'followUp.overdue': { title: 'Overdue: {type}', body: 'A {type} task was due at {dueAt} and is not done.' },
    'followUp.escalated': { title: 'Escalated: {type}', body: 'An overdue {type} task was escalated (level {level}); new due time {dueAt}.' },
    'followUp.officer.RETRAINING': { title: 'You are to be retrained', body: 'After your assessment you are to complete a retraining by {dueAt}.' },
    'followUp.officer.REEXAMINATION': { title: 'You are to be re-examined', body: 'After your assessment you will sit a re-examination; due {dueAt}.' },
    'followUp.officer.REASSIGNMENT': { title: 'A reassignment is proposed', body: "Your unit's leaders will consider reassigning you by {dueAt}." },
    'followUp.officer.EXPERT_NOMINATION': { title: 'Expert group nomination', body: "An excellent result: your unit's leaders will consider nominating you by {dueAt}." },
    'followUp.closed': { title: '{type} task: {status}', body: 'Your {type} task is over ({status}).' },
    'followUp.reexamScheduled': { title: 'Re-examination scheduled', body: 'Session {code} at {startsAt}, room {room}, seat {seatNumber}.' },
    'feedbackCase.assigned': { title: 'New complaint (declaration {declarationNumber})', body: 'An unsatisfied rating is to be verified by {dueAt}.' },
    'feedbackCase.received': { title: 'Complaint received (declaration {declarationNumber})', body: 'Customs will answer by {answerBy}.' },
    'feedbackCase.answered': { title: 'Your complaint is answered (declaration {declarationNumber})', body: 'Outcome: {outcome}. {reason} You may accept or contest it by {respondBy}.' },
    'feedbackCase.reopened': { title: 'The business contests (declaration {declarationNumber})', body: 'The case is reopened for reconsideration; due {dueAt}. Comment: {comment}' },
    'feedbackCase.contestedFinal': { title: 'The business contests (declaration {declarationNumber})', body: 'The business does not accept the final answer. Comment: {comment}' },
    'feedbackCase.reminder': { title: 'Reminder: complaint on declaration {declarationNumber}', body: 'The {step} step is due at {dueAt}.' },
    'feedbackCase.escalated': { title: 'Escalated: complaint on declaration {declarationNumber}', body: 'The {step} step is overdue and was escalated (level {level}); due {dueAt}.' },
    'unitList.submit': { title: 'A registration list was submitted', body: 'A unit submitted its registration list for approval.' },
    'unitList.approve': { title: 'Registration list approved', body: "The unit's registration list was approved." },
    'unitList.return': { title: 'Registration list returned', body: 'The list needs changes: {comment}' },
    'unitList.reminder': { title: 'Reminder: registration list', body: "The unit's registration list awaits approval ({daysBefore} days left)." },
    'unitList.escalated': { title: 'Registration list overdue', body: "A unit's registration list was not approved on time." },
    'exam.sessionPublished': { title: 'Exam scheduled: session {code}', body: 'Session {code} starts at {startsAt}, room {room}.' },
    fallback: { title: 'Notification', body: 'There is something new for you.' },
  },
};

const TIME_PARAMS = new Set(['dueAt', 'answerBy', 'respondBy', 'startsAt']);

/** 08:00, 01/12/2026 in Vietnam time. */
export function vietnamTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute}, ${parts.day}/${parts.month}/${parts.year}`;
}

function valueOf(locale: NotificationLocale, name: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return name === 'comment' || name === 'reason' ? '' : '—';
  const s = String(value);
  if (TIME_PARAMS.has(name)) return vietnamTime(s);
  if (name === 'type') return FOLLOW_UP_TYPE[locale][s] ?? s;
  if (name === 'status') return STATUS[locale][s] ?? s;
  if (name === 'outcome') return OUTCOME[locale][s] ?? s;
  if (name === 'step') return STEP[locale][s] ?? s;
  return s;
}

function linkOf(templateKey: string, params: Params): string | null {
  const id = (k: string) => (typeof params[k] === 'string' && params[k] ? encodeURIComponent(params[k]) : null);
  if (templateKey === 'followUp.assigned' || templateKey === 'followUp.reminder' || templateKey === 'followUp.overdue' || templateKey === 'followUp.escalated') {
    return id('taskId') ? `/follow-ups/${id('taskId')}` : null;
  }
  if (templateKey.startsWith('followUp.')) return '/results'; // the officer's own tasks live in their capacity profile
  if (templateKey === 'feedbackCase.received' || templateKey === 'feedbackCase.answered') return '/my-cases';
  if (templateKey.startsWith('feedbackCase.')) return id('caseId') ? `/cases/${id('caseId')}` : null;
  if (templateKey.startsWith('unitList.')) return id('cycleId') && id('unitId') ? `/cycles/${id('cycleId')}/units/${id('unitId')}` : null;
  if (templateKey === 'exam.sessionPublished') return '/';
  return null;
}

/** The notification's title, body and link in the reader's language. */
export function renderNotification(templateKey: string, params: unknown, locale: NotificationLocale): NotificationText {
  const p = (params && typeof params === 'object' ? params : {}) as Params;
  const template = CATALOGUE[locale][templateKey] ?? CATALOGUE[locale].fallback;
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => valueOf(locale, name, p[name])).replace(/\s+/g, ' ').trim();
  return { title: fill(template.title), body: fill(template.body), link: linkOf(templateKey, p) };
}

export const notificationLocale = (locale: string | null | undefined): NotificationLocale => (locale === 'en' ? 'en' : 'vi');
