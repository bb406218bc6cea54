// Master data for business feedback: businesses, processing stages, reasons, declarations with who handled
// which stage, and notices of legal documents.
import type { Prisma } from '../db';
import { toSearchName } from '../../domain/text';
import { companyNames, streetAddress } from './names';
import type { Organisation } from './organisation';
import { REFERENCE_DATE } from './officers';
import { type Random, utcDate } from './random';

export const STAGES: Prisma.ProfessionalStageCreateManyInput[] = [
  { id: 'S1', code: 'RECEPTION', nameVi: 'Tiếp nhận tờ khai', nameEn: 'Declaration reception' },
  { id: 'S2', code: 'DOCUMENT_CHECK', nameVi: 'Kiểm tra hồ sơ', nameEn: 'Document check' },
  { id: 'S3', code: 'PHYSICAL_INSPECTION', nameVi: 'Kiểm tra thực tế hàng hóa', nameEn: 'Physical inspection of goods' },
  { id: 'S4', code: 'DUTY_COLLECTION', nameVi: 'Thu thuế', nameEn: 'Duty collection' },
  { id: 'S5', code: 'CLEARANCE', nameVi: 'Thông quan', nameEn: 'Clearance' },
];

export const FEEDBACK_REASONS: Prisma.FeedbackReasonCreateManyInput[] = [
  { code: 'SLOW_PROCESSING', nameVi: 'Thời gian xử lý chậm', nameEn: 'Slow processing', active: true },
  { code: 'UNCLEAR_GUIDANCE', nameVi: 'Hướng dẫn không rõ ràng', nameEn: 'Unclear guidance', active: true },
  { code: 'EXTRA_DOCUMENTS', nameVi: 'Yêu cầu bổ sung hồ sơ không cần thiết', nameEn: 'Unnecessary extra documents requested', active: true },
  { code: 'ATTITUDE', nameVi: 'Thái độ phục vụ chưa tốt', nameEn: 'Poor service attitude', active: true },
  { code: 'INCONSISTENT_RULES', nameVi: 'Áp dụng quy định không thống nhất', nameEn: 'Rules applied inconsistently', active: true },
  { code: 'SYSTEM_FAILURE', nameVi: 'Hệ thống hải quan điện tử gặp sự cố', nameEn: 'Electronic customs system failure', active: true },
  { code: 'INSPECTION_WAIT', nameVi: 'Chờ kiểm tra thực tế hàng hóa lâu', nameEn: 'Long wait for physical inspection', active: true },
  { code: 'INFORMAL_PAYMENT', nameVi: 'Có biểu hiện gây phiền hà, đòi hỏi chi phí không chính thức', nameEn: 'Harassment or informal payments requested', active: true },
];

// Which professional field usually does each stage: the handling team is preferably one covering it.
const STAGE_FIELD: Record<string, string> = { S1: 'F1', S2: 'F1', S3: 'F1', S4: 'F2', S5: 'F1' };

export const LEGAL_NOTICES: Prisma.LegalNoticeCreateManyInput[] = [
  {
    id: 'LN-01', documentNo: '39/2018/TT-BTC', issuedAt: utcDate(2018, 4, 20), fieldIds: ['F1', 'F2'],
    titleVi: 'Thông tư 39/2018/TT-BTC sửa đổi, bổ sung Thông tư 38/2015/TT-BTC về thủ tục hải quan; kiểm tra, giám sát hải quan; thuế xuất khẩu, thuế nhập khẩu và quản lý thuế',
    titleEn: 'Circular 39/2018/TT-BTC amending Circular 38/2015/TT-BTC on customs procedures, inspection and supervision, and import-export duties',
    summaryVi: 'Sửa đổi quy định về hồ sơ hải quan, khai bổ sung, kiểm tra trị giá và xử lý hàng hóa tồn đọng.',
    summaryEn: 'Amends rules on customs files, amended declarations, valuation checks and abandoned goods.',
    sourceUrl: 'https://thuvienphapluat.vn/van-ban/Xuat-nhap-khau/Thong-tu-39-2018-TT-BTC-sua-doi-Thong-tu-38-2015-TT-BTC-thu-tuc-hai-quan.aspx',
  },
  {
    id: 'LN-02', documentNo: '59/2018/NĐ-CP', issuedAt: utcDate(2018, 4, 20), fieldIds: ['F1', 'F3'],
    titleVi: 'Nghị định 59/2018/NĐ-CP sửa đổi, bổ sung Nghị định 08/2015/NĐ-CP quy định chi tiết và biện pháp thi hành Luật Hải quan về thủ tục hải quan, kiểm tra, giám sát, kiểm soát hải quan',
    titleEn: 'Decree 59/2018/ND-CP amending Decree 08/2015/ND-CP implementing the Customs Law on procedures, inspection, supervision and control',
    summaryVi: 'Bổ sung quy định về doanh nghiệp ưu tiên, kho ngoại quan và giám sát hải quan tự động.',
    summaryEn: 'Adds rules on authorised economic operators, bonded warehouses and automated customs supervision.',
    sourceUrl: 'https://thuvienphapluat.vn/van-ban/Xuat-nhap-khau/Nghi-dinh-59-2018-ND-CP-sua-doi-Nghi-dinh-08-2015-ND-CP-Luat-Hai-quan.aspx',
  },
  {
    id: 'LN-03', documentNo: '128/2020/NĐ-CP', issuedAt: utcDate(2020, 10, 19), fieldIds: ['F6'],
    titleVi: 'Nghị định 128/2020/NĐ-CP quy định xử phạt vi phạm hành chính trong lĩnh vực hải quan',
    titleEn: 'Decree 128/2020/ND-CP on administrative penalties in the customs field',
    summaryVi: 'Quy định hành vi vi phạm, hình thức, mức xử phạt và thẩm quyền xử phạt trong lĩnh vực hải quan.',
    summaryEn: 'Sets out offences, penalties and the competence to impose them in the customs field.',
    sourceUrl: 'https://thuvienphapluat.vn/van-ban/Vi-pham-hanh-chinh/Nghi-dinh-128-2020-ND-CP-xu-phat-vi-pham-hanh-chinh-linh-vuc-hai-quan.aspx',
  },
  {
    id: 'LN-04', documentNo: '31/2022/TT-BTC', issuedAt: utcDate(2022, 6, 8), fieldIds: ['F2', 'F8'],
    titleVi: 'Thông tư 31/2022/TT-BTC ban hành Danh mục hàng hóa xuất khẩu, nhập khẩu Việt Nam',
    titleEn: 'Circular 31/2022/TT-BTC promulgating the Vietnamese nomenclature of exported and imported goods',
    summaryVi: 'Cập nhật Danh mục hàng hóa theo phiên bản HS 2022 của Tổ chức Hải quan thế giới.',
    summaryEn: 'Updates the nomenclature to the World Customs Organization\'s HS 2022 edition.',
    sourceUrl: 'https://thuvienphapluat.vn/van-ban/Xuat-nhap-khau/Thong-tu-31-2022-TT-BTC-Danh-muc-hang-hoa-xuat-khau-nhap-khau-Viet-Nam.aspx',
  },
  {
    id: 'LN-05', documentNo: '33/2023/TT-BTC', issuedAt: utcDate(2023, 5, 31), fieldIds: ['F2'],
    titleVi: 'Thông tư 33/2023/TT-BTC quy định về xác định xuất xứ hàng hóa xuất khẩu, nhập khẩu',
    titleEn: 'Circular 33/2023/TT-BTC on determining the origin of exported and imported goods',
    summaryVi: 'Hướng dẫn kiểm tra, xác minh chứng từ chứng nhận xuất xứ và tự chứng nhận xuất xứ.',
    summaryEn: 'Guides the checking and verification of proofs of origin and self-certification.',
    sourceUrl: 'https://thuvienphapluat.vn/van-ban/Xuat-nhap-khau/Thong-tu-33-2023-TT-BTC-xac-dinh-xuat-xu-hang-hoa-xuat-khau-nhap-khau.aspx',
  },
];

const BUSINESS_COUNT = 50;
const DECLARATION_COUNT = 300;
const CITIES = ['TP Hồ Chí Minh', 'Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Bình Dương', 'Đồng Nai', 'Bắc Ninh', 'Quảng Ninh'];

export interface FeedbackData {
  businesses: Prisma.BusinessCreateManyInput[];
  declarations: Prisma.DeclarationCreateManyInput[];
  handlings: Prisma.DeclarationHandlingCreateManyInput[];
}

export function buildBusinesses(random: Random): Prisma.BusinessCreateManyInput[] {
  const taxCodes = new Set<string>();
  return companyNames(random, BUSINESS_COUNT).map((company, i) => {
    let taxCode = '';
    while (taxCode === '' || taxCodes.has(taxCode)) taxCode = `0${random.int(1, 9)}${random.digits(8)}`;
    taxCodes.add(taxCode);
    return {
      id: `BUS-${String(i + 1).padStart(3, '0')}`,
      taxCode,
      name: company.name,
      searchName: toSearchName(company.name),
      address: streetAddress(random, random.pick(CITIES)),
      email: `lienhe@${company.brandAscii}.com.vn`,
    };
  });
}

/**
 * Declarations filed at branches, each handled stage by stage by officers of teams under that branch.
 * Only branches with staffed teams are used, so every handling names a real officer of its team.
 */
export function buildDeclarations(
  random: Random,
  organisation: Organisation,
  officers: readonly { id: string; unitId: string }[],
  businesses: readonly { id: string }[],
): Omit<FeedbackData, 'businesses'> {
  const officersByUnit = new Map<string, string[]>();
  for (const o of officers) {
    const list = officersByUnit.get(o.unitId);
    if (list) list.push(o.id);
    else officersByUnit.set(o.unitId, [o.id]);
  }

  const fieldsOfTeam = new Map<string, string[]>();
  for (const group of organisation.groups) for (const team of group.teams) fieldsOfTeam.set(team.id, team.fieldIds);
  const branches = organisation.groups
    .flatMap((g) => g.branches)
    .map((b) => ({ id: b.id, teams: b.teamIds.filter((t) => officersByUnit.has(t)) }))
    .filter((b) => b.teams.length > 0);

  const declarations: Prisma.DeclarationCreateManyInput[] = [];
  const handlings: Prisma.DeclarationHandlingCreateManyInput[] = [];
  if (branches.length === 0 || businesses.length === 0) return { declarations, handlings };

  const numbers = new Set<string>();
  const yearStart = utcDate(REFERENCE_DATE.getUTCFullYear(), 1, 1);
  const daysInWindow = Math.floor((REFERENCE_DATE.getTime() - yearStart.getTime()) / 86_400_000);
  for (let i = 0; i < DECLARATION_COUNT; i++) {
    const id = `DEC-${String(i + 1).padStart(4, '0')}`;
    const isImport = random.chance(0.6);
    // VNACCS numbers: 12 digits, 10... for imports and 30... for exports.
    let number = '';
    while (number === '' || numbers.has(number)) number = `${isImport ? '10' : '30'}${random.digits(10)}`;
    numbers.add(number);
    // The first business files more, so the demo business account has plenty to rate.
    const business = random.chance(0.1) ? businesses[0] : random.pick(businesses);
    const branch = random.pick(branches);
    const registeredAt = new Date(yearStart.getTime() + random.int(0, daysInWindow - 1) * 86_400_000 + random.int(7 * 60, 16 * 60) * 60_000);
    const cleared = random.chance(0.97);
    const clearedAt = cleared ? new Date(registeredAt.getTime() + random.int(1, 72) * 3_600_000) : null;
    declarations.push({ id, number, businessId: business.id, branchUnitId: branch.id, registeredAt, clearedAt });

    // Channel decides the stages: green = reception (+duty) + clearance; yellow adds the document check;
    // red also the physical inspection. Capped at four stages.
    const channel = random.pick(['GREEN', 'GREEN', 'YELLOW', 'RED'] as const);
    const stages = ['S1'];
    if (channel !== 'GREEN') stages.push('S2');
    if (channel === 'RED') stages.push('S3');
    if (isImport && stages.length < 3) stages.push('S4');
    if (cleared) stages.push('S5');
    if (stages.length < 2) stages.push(isImport ? 'S4' : 'S2');

    for (const stageId of stages) {
      const fitting = branch.teams.filter((t) => fieldsOfTeam.get(t)?.includes(STAGE_FIELD[stageId]));
      const teamUnitId = random.pick(fitting.length > 0 ? fitting : branch.teams);
      const officerId = random.pick(officersByUnit.get(teamUnitId)!);
      handlings.push({ id: `${id}-${stageId}`, declarationId: id, stageId, teamUnitId, officerId });
    }
  }
  return { declarations, handlings };
}

