// The message catalogue: every text a person reads from the API, in Vietnamese (first) and English.
// Keys are stable; params are filled in as {name}.
import type { Request } from 'express';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Catalogue = Record<string, string>;

const vi: Catalogue = {
  'error.validation': 'Dữ liệu gửi lên không hợp lệ.',
  'error.internal': 'Đã có lỗi hệ thống. Vui lòng thử lại sau hoặc báo cho quản trị viên (mã tra cứu: {requestId}).',
  'error.notFound': 'Không tìm thấy {entity} có mã "{id}".',
  'error.routeNotFound': 'Không có đường dẫn {method} {path}.',
  'error.conflict': 'Dữ liệu bị trùng: {fields} đã tồn tại.',
  'error.malformedJson': 'Nội dung gửi lên không phải JSON hợp lệ.',
  'error.temporalUnavailable': 'Máy chủ quy trình (Temporal) đang không truy cập được; chưa có thay đổi nào được ghi. Vui lòng thử lại sau.',
  'auth.missingToken': 'Cần đăng nhập: gửi mã truy cập trong tiêu đề "Authorization: Bearer <token>".',
  'auth.invalidToken': 'Mã truy cập không hợp lệ hoặc đã hết hạn; vui lòng đăng nhập lại.',
  'auth.badCredentials': 'Tên đăng nhập hoặc mật khẩu không đúng.',
  'auth.forbiddenRole': 'Vai trò {role} không được phép thực hiện thao tác này (cần: {allowed}).',
  'auth.outOfScope': 'Đơn vị "{unit}" nằm ngoài phạm vi đơn vị của bạn.',
  'auth.notYourOfficer': 'Bạn chỉ được xem hồ sơ của chính mình.',
  'auth.noSession': 'Chưa đăng nhập hoặc phiên đăng nhập đã kết thúc; vui lòng đăng nhập.',
  'auth.sessionExpired': 'Phiên đăng nhập đã hết hạn hoặc đã kết thúc; vui lòng đăng nhập lại.',
  'auth.sessionChanged': 'Vai trò hoặc đơn vị của tài khoản đã thay đổi nên phiên đăng nhập đã kết thúc; vui lòng đăng nhập lại.',
  'auth.csrf': 'Yêu cầu thiếu mã chống giả mạo (tiêu đề X-CSRF-Token) hoặc mã không đúng; vui lòng tải lại trang rồi thử lại.',
  'auth.tooManyAttempts': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait}, lúc {time}.',
  'time.seconds': '{n} giây',
  'time.minutes': '{n} phút',
  'time.minutesSeconds': '{m} phút {s} giây',
  'timeline.mustFollow': 'Mốc "{field}" phải sau mốc "{previous}".',
  'timeline.listsTooLate': 'Danh sách phải được duyệt xong ít nhất {days} ngày trước ngày thi (hiện chỉ còn {actual} ngày).',
  'cycle.unknownUnits': 'Không có đơn vị với mã: {ids}.',
  'cycle.scopeUnitKind': 'Phạm vi kỳ đánh giá chỉ gồm Tổng cục, đơn vị thuộc Tổng cục hoặc Cục Hải quan tỉnh; "{id}" là {kind}.',
  'cycle.unknownFields': 'Không có lĩnh vực chuyên môn với mã: {ids}.',
  'cycle.noCandidateGroup': 'Phải chọn ít nhất một nhóm đối tượng: công chức không giữ chức vụ lãnh đạo và/hoặc đội trưởng.',
  'cycle.alreadyLaunched': 'Kỳ đánh giá "{code}" đã được khởi động (trạng thái: {status}); không thể khởi động lại.',
  'cycle.timelinePassed': 'Không thể khởi động: ngày kết thúc kỳ đánh giá ({closesAt}) đã qua.',
  'cycle.noRuleSet': 'Không thể khởi động: chưa có bộ quy tắc {kind} nào đang áp dụng.',
  'cycle.bankShortfall': 'Không thể khởi động: ngân hàng câu hỏi chưa đủ để tạo đề theo cấu trúc đề của các vị trí trong phạm vi ({count} chỗ thiếu, xem chi tiết).',
  'cycle.shortfallLine': 'Vị trí {position}, năng lực {competency}, độ khó {difficulty}: cần {required} câu, hiện có {available}.',
  'cycle.notCancellable': 'Kỳ đánh giá "{code}" đang ở trạng thái {status}, không thể hủy.',
  'cycle.alreadyCancelled': 'Kỳ đánh giá đã bị hủy trước đó.',
  'cycle.alreadyClosed': 'Kỳ đánh giá đã kết thúc, không thể hủy.',
  'cycle.reasonRequired': 'Phải nêu lý do hủy kỳ đánh giá.',
  'registration.closed': 'Kỳ "{code}" không trong thời gian đăng ký (mở từ {opens} đến {closes}).',
  'registration.officerRequired': 'Cần chọn công chức (officerId) để đăng ký thay.',
  'registration.importRejected': 'Tệp có {count} lỗi nên chưa nhập dòng nào. Sửa các lỗi dưới đây rồi tải lên lại.',
  'registration.listNotOpen': 'Danh sách của đơn vị đang ở trạng thái {status}, không thể sửa quyết định rà soát.',
  'registration.notActive': 'Đăng ký đang ở trạng thái {status}, không thể xử lý.',
  'registration.notFlagged': 'Đăng ký này không có cảnh báo nên không cần chấp nhận hay từ chối.',
  'registration.alreadyActual': 'Đăng ký đã đúng vị trí công chức đang đảm nhiệm.',
  'unitList.notReady': 'Danh sách chưa sẵn sàng: hệ thống đang kiểm tra các đăng ký.',
  'unitList.busy': 'Một thao tác khác trên danh sách đang được xử lý; vui lòng thử lại.',
  'unitList.deadlinePassed': 'Đã quá hạn gửi danh sách; theo quy định của kỳ, công chức của đơn vị đã bị loại khỏi kỳ thi.',
  'unitList.invalidTransition': 'Không thể thực hiện "{action}" ở trạng thái hiện tại của danh sách ({detail}).',
  'unitList.staleRevision': 'Danh sách đã thay đổi từ khi bạn mở; vui lòng tải lại rồi thực hiện lại.',
  'unitList.commentRequired': 'Trả lại danh sách phải kèm nhận xét cần sửa gì.',
  'unitList.refused': 'Không thể thực hiện "{action}": {detail}',
  'unitList.pendingFlags': 'Chưa thể gửi danh sách: còn {pending} đăng ký có cảnh báo chưa được quyết định (chấp nhận, không chấp nhận hoặc điều chỉnh).',
  'unitList.closed': 'Danh sách đã hoàn tất (đã duyệt hoặc đã xử lý quá hạn); không thể "{action}".',
  'unitList.notApproved': 'Chỉ xuất được danh sách đã duyệt (hiện tại: {status}).',
  'entity.Registration': 'đăng ký',
  'entity.UnitList': 'danh sách đơn vị',
  'entity.AssessmentCycle': 'kỳ đánh giá',
  'entity.Unit': 'đơn vị',
  'entity.Officer': 'công chức',
  'entity.JobPosition': 'vị trí việc làm',
  'entity.Competency': 'năng lực',
};

const en: Catalogue = {
  'error.validation': 'The request is not valid.',
  'error.internal': 'Something went wrong on our side. Please try again later or tell an administrator (reference: {requestId}).',
  'error.notFound': 'No {entity} with id "{id}".',
  'error.routeNotFound': 'There is no route {method} {path}.',
  'error.conflict': 'Duplicate: {fields} already exists.',
  'error.malformedJson': 'The request body is not valid JSON.',
  'error.temporalUnavailable': 'The workflow server (Temporal) cannot be reached; nothing was changed. Please try again later.',
  'auth.missingToken': 'Sign-in required: send your access token as "Authorization: Bearer <token>".',
  'auth.invalidToken': 'The access token is invalid or has expired; please sign in again.',
  'auth.badCredentials': 'Wrong username or password.',
  'auth.forbiddenRole': 'Role {role} may not do this (allowed: {allowed}).',
  'auth.outOfScope': 'Unit "{unit}" is outside your unit scope.',
  'auth.notYourOfficer': 'You may only see your own record.',
  'auth.noSession': 'You are not signed in, or your session has ended; please sign in.',
  'auth.sessionExpired': 'Your session has expired or ended; please sign in again.',
  'auth.sessionChanged': 'Your role or unit has changed, so your session has ended; please sign in again.',
  'auth.csrf': 'The request lacks the anti-forgery token (header X-CSRF-Token) or it is wrong; reload the page and try again.',
  'auth.tooManyAttempts': 'Too many failed sign-in attempts. Please try again in {wait}, at {time} (Vietnam time).',
  'time.seconds': '{n} s',
  'time.minutes': '{n} min',
  'time.minutesSeconds': '{m} min {s} s',
  'timeline.mustFollow': '"{field}" must come after "{previous}".',
  'timeline.listsTooLate': 'Lists must be approved at least {days} days before the exam (only {actual} days given).',
  'cycle.unknownUnits': 'No unit with id: {ids}.',
  'cycle.scopeUnitKind': 'A cycle is scoped to headquarters, HQ units or provincial departments; "{id}" is a {kind}.',
  'cycle.unknownFields': 'No professional field with id: {ids}.',
  'cycle.noCandidateGroup': 'Choose at least one group of candidates: non-leadership officers and/or team leaders.',
  'cycle.alreadyLaunched': 'Cycle "{code}" has already been launched (status: {status}); it cannot be launched again.',
  'cycle.timelinePassed': 'Cannot launch: the cycle closing date ({closesAt}) has passed.',
  'cycle.noRuleSet': 'Cannot launch: no active {kind} rule set exists.',
  'cycle.bankShortfall': 'Cannot launch: the question bank cannot serve the test blueprints of the positions in scope ({count} shortfalls, see details).',
  'cycle.shortfallLine': 'Position {position}, competency {competency}, difficulty {difficulty}: {required} items needed, {available} available.',
  'cycle.notCancellable': 'Cycle "{code}" is {status} and cannot be cancelled.',
  'cycle.alreadyCancelled': 'The cycle has already been cancelled.',
  'cycle.alreadyClosed': 'The cycle is closed and can no longer be cancelled.',
  'cycle.reasonRequired': 'A reason is required to cancel a cycle.',
  'registration.closed': 'Cycle "{code}" is not open for registration (open from {opens} to {closes}).',
  'registration.officerRequired': 'Choose the officer (officerId) to register on their behalf.',
  'registration.importRejected': 'The file has {count} errors, so no row was imported. Fix the errors below and upload it again.',
  'registration.listNotOpen': "The unit's list is {status}; review decisions can no longer be changed.",
  'registration.notActive': 'The registration is {status} and cannot be acted on.',
  'registration.notFlagged': 'This registration has no flag, so there is nothing to accept or reject.',
  'registration.alreadyActual': "The registration is already for the officer's current position.",
  'unitList.notReady': 'The list is not ready: registrations are still being verified.',
  'unitList.busy': 'Another action on this list is in progress; please try again.',
  'unitList.deadlinePassed': "The list's deadline has passed; under the cycle's policy this unit's candidates were excluded.",
  'unitList.invalidTransition': 'Cannot "{action}" the list in its current state ({detail}).',
  'unitList.staleRevision': 'The list changed since you opened it; reload it and try again.',
  'unitList.commentRequired': 'A returned list needs comments saying what to fix.',
  'unitList.refused': 'Cannot "{action}": {detail}',
  'unitList.pendingFlags': 'The list cannot be submitted yet: {pending} flagged registrations still need a decision (accept, reject or correct).',
  'unitList.closed': 'The list is finished (approved, or handled at the deadline); cannot "{action}".',
  'unitList.notApproved': 'Only an approved list can be exported (now: {status}).',
  'entity.Registration': 'registration',
  'entity.UnitList': 'unit list',
  'entity.AssessmentCycle': 'assessment cycle',
  'entity.Unit': 'unit',
  'entity.Officer': 'officer',
  'entity.JobPosition': 'job position',
  'entity.Competency': 'competency',
};

export const catalogues: Record<Locale, Catalogue> = { vi, en };

/** A router's own messages join the catalogue when its module loads; both languages are required. */
export function addMessages(messages: { vi: Catalogue; en: Catalogue }): void {
  const missing = Object.keys(messages.vi).filter((k) => !(k in messages.en)).concat(Object.keys(messages.en).filter((k) => !(k in messages.vi)));
  if (missing.length) throw new Error(`Messages without both Vietnamese and English: ${missing.join(', ')}`);
  Object.assign(catalogues.vi, messages.vi);
  Object.assign(catalogues.en, messages.en);
}

export type MessageParams = Record<string, string | number>;

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const template = catalogues[locale][key] ?? catalogues.vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // An entity name given as a key is translated too.
    return typeof value === 'string' && value.startsWith('entity.') ? translate(locale, value) : String(value);
  });
}

/** Vietnamese unless the caller asks for English (?lang=en or Accept-Language). */
export function localeOf(req: Request): Locale {
  const asked = (typeof req.query?.lang === 'string' ? req.query.lang : undefined) ?? req.acceptsLanguages('vi', 'en');
  return asked === 'en' ? 'en' : 'vi';
}
