// A rule-set document's problems in Vietnamese. The validator (rules/) words them in English, once, for every
// caller; a coordinator editing the JSON on a Vietnamese screen reads them here. What the document itself says
// (fact names, operators, JSON) stays as written. A message with no pattern here is shown as the validator wrote it.
const TYPE: Record<string, string> = { number: 'số', string: 'chuỗi', boolean: 'đúng/sai' };
const type = (t: string) => TYPE[t] ?? t;

const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [/^is required$/, () => 'là bắt buộc'],
  [/^must be a non-empty string$/, () => 'phải là chuỗi không rỗng'],
  [/^must be a string$/, () => 'phải là chuỗi'],
  [/^must be an object$/, () => 'phải là một đối tượng { ... }'],
  [/^must be a whole number$/, () => 'phải là số nguyên'],
  [/^must be a positive whole number$/, () => 'phải là số nguyên dương'],
  [/^must be a whole number >= 1$/, () => 'phải là số nguyên ≥ 1'],
  [/^must list at least one rule$/, () => 'phải có ít nhất một quy tắc'],
  [/^must be lower-case letters, digits and dashes, e\.g\. (.+)$/, (ex) => `chỉ gồm chữ thường, chữ số và dấu gạch ngang, ví dụ ${ex}`],
  [/^must be one of (.+)$/, (list) => `phải là một trong: ${list}`],
  [/^is not JSON \(cycles or BigInt values\)$/, () => 'không phải JSON hợp lệ'],
  [/^unknown key '(.+)' \(allowed: (.+)\)$/, (k, list) => `khóa '${k}' không hợp lệ (được dùng: ${list})`],
  [/^unknown key '(.+)'$/, (k) => `khóa '${k}' không hợp lệ`],
  [/^no facts are defined for kind '(.+)' yet .*$/, (k) => `loại '${k}' chưa có dữ kiện nào được định nghĩa`],
  [/^duplicate rule name '(.+)' \(also (.+)\)$/, (n, at) => `tên quy tắc '${n}' bị trùng (đã có ở ${at})`],
  [/^the top level must be 'all', 'any' or 'not': (.+)$/, (how) => `cấp ngoài cùng phải là 'all', 'any' hoặc 'not': bọc điều kiện lại, ví dụ ${how.replace(/^wrap the condition as /, '')}`],
  [/^expected (.+) or (\{ "fact", "operator", "value" \}), got (.+)$/, (a, b, got) => `cần ${a} hoặc ${b}, nhưng nhận được ${got}`],
  [/^named condition references are not supported: .*$/, () => 'không hỗ trợ tham chiếu điều kiện theo tên: hãy viết điều kiện trực tiếp'],
  [/^use only one of (.+) per node: nest them instead$/, (list) => `mỗi nút chỉ dùng một trong ${list}: hãy lồng chúng vào nhau`],
  [/^'not' takes one condition, not a list: (.+)$/, (how) => `'not' nhận một điều kiện, không phải danh sách: ${how.replace(/^use /, 'dùng ')}`],
  [/^'(\w+)' must be a list of conditions$/, (op) => `'${op}' phải là danh sách điều kiện`],
  [/^'(\w+)' must list at least one condition .*$/, (op) => `'${op}' phải có ít nhất một điều kiện`],
  [/^missing '(\w+)' \(use one of (.+)\)$/, (k, list) => `thiếu '${k}' (dùng một trong: ${list})`],
  [/^missing '(\w+)'$/, (k) => `thiếu '${k}'`],
  [/^unknown operator (.+) \(use one of (.+)\)$/, (op, list) => `toán tử ${op} không hợp lệ (dùng một trong: ${list})`],
  [/^unknown code (.+) \(use one of (.+)\)$/, (c, list) => `mã ${c} không hợp lệ (dùng một trong: ${list})`],
  [/^unknown event type (.+) \(use one of (.+)\)$/, (e, list) => `loại sự kiện ${e} không hợp lệ (dùng một trong: ${list})`],
  [/^unknown fact '(.+)' \(use one of (.+)\)$/, (f, list) => `dữ kiện '${f}' không tồn tại (dùng một trong: ${list})`],
  [/^must be a fact name \(a non-empty string\)$/, () => 'phải là tên một dữ kiện (chuỗi không rỗng)'],
  [/^must be a JSONPath string starting with '\$'$/, () => "phải là chuỗi JSONPath bắt đầu bằng '$'"],
  [/^fact '(.+)' is a (\w+): 'path' only applies to object facts$/, (f, t) => `dữ kiện '${f}' là ${type(t)}: 'path' chỉ dùng cho dữ kiện dạng đối tượng`],
  [/^compares (\w+) fact '(.+)' with (\w+) fact '(.+)'$/, (t1, f1, t2, f2) => `so sánh dữ kiện ${type(t1)} '${f1}' với dữ kiện ${type(t2)} '${f2}'`],
  [/^'(\w+)' needs a list value, e\.g\. (.+)$/, (op, ex) => `'${op}' cần giá trị là danh sách, ví dụ ${ex}`],
  [/^fact '(.+)' is a (\w+); (.+) is not$/, (f, t, v) => `dữ kiện '${f}' là ${type(t)}; ${v} thì không phải`],
  [/^'(\w+)' needs a list fact; '(.+)' is a (\w+)$/, (op, f, t) => `'${op}' cần dữ kiện dạng danh sách; '${f}' là ${type(t)}`],
  [/^'(\w+)' needs a number value, got (.+)$/, (op, v) => `'${op}' cần giá trị là số (không đặt trong dấu nháy), nhưng nhận được ${v}`],
  [/^'(\w+)' needs a number fact; '(.+)' is a (\w+)$/, (op, f, t) => `'${op}' cần dữ kiện là số; '${f}' là ${type(t)}`],
  [/^fact '(.+)' is a (\w+), so (.+) can never match \(write (.+)\)$/, (f, t, v) => `dữ kiện '${f}' là ${type(t)}, nên ${v} không bao giờ khớp (hãy viết ${t === 'boolean' ? 'true hoặc false, không có dấu nháy' : t === 'number' ? 'một số, không có dấu nháy' : 'một chuỗi trong dấu nháy'})`],
  [/^a fact reference is \{ "fact": "<name>" \} and nothing else$/, () => 'tham chiếu dữ kiện chỉ gồm { "fact": "<tên>" }'],
  [/^must be a string, number, boolean or \{ "fact": "<name>" \}$/, () => 'phải là chuỗi, số, đúng/sai hoặc { "fact": "<tên>" }'],
  [/^is required for LEVEL rules: .*$/, () => 'là bắt buộc với quy tắc xếp mức: mức cao nhất thắng, nên mức cao hơn cần độ ưu tiên cao hơn (ví dụ mức 3: 4 ... chưa đạt: 1)'],
  [/^must be higher than (\d+) \('(.+)' at (.+) gives (\w+), a lower level than (\w+)\)$/, (p, n, at, low, high) => `phải cao hơn ${p} ('${n}' ở ${at} cho ${low}, mức thấp hơn ${high})`],
  [/^is (\w+), not FOLLOW_UP$/, (k) => `là ${k}, không phải FOLLOW_UP`],
  [/^a (\w+) rule must be an "all" that includes (.+)$/, (t, cond) => `quy tắc ${t} phải là một "all" có chứa ${cond}`],
  [/^must be a whole number of days from 1 to 3660$/, () => 'phải là số ngày nguyên từ 1 đến 3660'],
  [/^only a REASSIGNMENT proposes a position$/, () => 'chỉ REASSIGNMENT mới đề xuất vị trí'],
];

/** The Vietnamese of a validator message, or the message itself when no pattern knows it. */
export function ruleSetIssueInVietnamese(message: string): string {
  for (const [pattern, render] of PATTERNS) {
    const m = pattern.exec(message);
    if (m) return render(...m.slice(1));
  }
  return message;
}
