// Professional fields, competencies, job positions with their competency frameworks, and test blueprints.
// All fixed content (no randomness): the same for every seed.
import type { Prisma } from '../db';
import { apportion } from './random';

export const FIELDS: Prisma.ProfessionalFieldCreateManyInput[] = [
  { id: 'F1', code: 'F1', nameVi: 'Giám sát quản lý', nameEn: 'Customs supervision and management' },
  { id: 'F2', code: 'F2', nameVi: 'Thuế xuất nhập khẩu', nameEn: 'Import-export duty' },
  { id: 'F3', code: 'F3', nameVi: 'Kiểm soát chống buôn lậu', nameEn: 'Anti-smuggling investigation' },
  { id: 'F4', code: 'F4', nameVi: 'Kiểm tra sau thông quan', nameEn: 'Post-clearance audit' },
  { id: 'F5', code: 'F5', nameVi: 'Quản lý rủi ro', nameEn: 'Risk management' },
  { id: 'F6', code: 'F6', nameVi: 'Xử lý vi phạm', nameEn: 'Violation handling' },
  { id: 'F7', code: 'F7', nameVi: 'Thanh tra', nameEn: 'Inspection' },
  { id: 'F8', code: 'F8', nameVi: 'Kiểm định hàng hóa', nameEn: 'Goods testing and analysis' },
];

type CompetencyRow = Prisma.CompetencyCreateManyInput;

const comp = (id: string, fieldId: string | null, nameVi: string, nameEn: string, descriptionVi: string, descriptionEn: string): CompetencyRow =>
  ({ id, code: id, fieldId, nameVi, nameEn, descriptionVi, descriptionEn });

/** Competencies every position needs, whatever its field. */
export const COMMON_COMPETENCIES: CompetencyRow[] = [
  comp('C-COM-LAW', null, 'Kiến thức pháp luật hải quan', 'Customs law',
    'Nắm vững Luật Hải quan, Luật Quản lý thuế và các văn bản hướng dẫn thi hành.', 'Knows the Customs Law, the Tax Administration Law and their implementing regulations.'),
  comp('C-COM-ETH', null, 'Đạo đức công vụ và liêm chính', 'Public service ethics and integrity',
    'Tuân thủ quy tắc ứng xử của công chức hải quan, phòng ngừa xung đột lợi ích.', 'Follows the customs code of conduct and prevents conflicts of interest.'),
  comp('C-COM-IT', null, 'Ứng dụng công nghệ thông tin', 'Information technology skills',
    'Sử dụng thành thạo hệ thống VNACCS/VCIS, E-Customs và các ứng dụng nghiệp vụ.', 'Works fluently with VNACCS/VCIS, E-Customs and the business applications.'),
];

export const FIELD_COMPETENCIES: CompetencyRow[] = [
  comp('C-F1-1', 'F1', 'Thủ tục hải quan đối với hàng hóa xuất nhập khẩu', 'Customs procedures for imports and exports',
    'Tiếp nhận, đăng ký tờ khai và thực hiện thủ tục hải quan điện tử.', 'Receives and registers declarations and runs electronic customs procedures.'),
  comp('C-F1-2', 'F1', 'Kiểm tra hồ sơ hải quan', 'Document examination',
    'Kiểm tra tính đầy đủ, hợp lệ của hồ sơ hải quan và chứng từ kèm theo.', 'Checks that customs files and supporting documents are complete and valid.'),
  comp('C-F1-3', 'F1', 'Kiểm tra thực tế hàng hóa', 'Physical inspection of goods',
    'Kiểm tra thực tế hàng hóa bằng máy soi và thủ công theo kết quả phân luồng.', 'Inspects goods by scanner and by hand as the selectivity channel requires.'),
  comp('C-F1-4', 'F1', 'Giám sát hải quan tại cảng, kho, bãi', 'Surveillance at ports, warehouses and yards',
    'Giám sát hàng hóa, phương tiện vận tải ra vào khu vực giám sát hải quan.', 'Supervises goods and vehicles entering and leaving customs-controlled areas.'),
  comp('C-F2-1', 'F2', 'Phân loại hàng hóa theo Danh mục HS', 'Tariff classification (HS)',
    'Áp dụng 6 quy tắc tổng quát để phân loại hàng hóa và xác định mã số.', 'Applies the six general rules to classify goods and determine HS codes.'),
  comp('C-F2-2', 'F2', 'Xác định trị giá hải quan', 'Customs valuation',
    'Kiểm tra, tham vấn và xác định trị giá tính thuế theo các phương pháp quy định.', 'Checks, consults on and determines dutiable value by the prescribed methods.'),
  comp('C-F2-3', 'F2', 'Xuất xứ hàng hóa', 'Rules of origin',
    'Kiểm tra chứng từ chứng nhận xuất xứ và áp dụng thuế suất ưu đãi đặc biệt.', 'Checks proofs of origin and applies preferential tariff rates.'),
  comp('C-F2-4', 'F2', 'Quản lý thu nộp thuế', 'Duty collection and tax debt',
    'Theo dõi thu nộp, hoàn thuế, không thu thuế và cưỡng chế nợ thuế.', 'Tracks payments, refunds, non-collection and enforcement of duty debts.'),
  comp('C-F3-1', 'F3', 'Thu thập và xử lý thông tin nghiệp vụ', 'Intelligence collection and processing',
    'Thu thập, phân tích thông tin về buôn lậu, gian lận thương mại.', 'Collects and analyses information on smuggling and trade fraud.'),
  comp('C-F3-2', 'F3', 'Tuần tra, kiểm soát hải quan', 'Customs patrol and control',
    'Tổ chức tuần tra, kiểm soát trong địa bàn hoạt động hải quan.', 'Organises patrols and controls within the customs operating area.'),
  comp('C-F3-3', 'F3', 'Điều tra chống buôn lậu', 'Anti-smuggling investigation',
    'Xác minh, điều tra và khởi tố vụ án buôn lậu theo thẩm quyền.', 'Verifies, investigates and initiates smuggling cases within its competence.'),
  comp('C-F3-4', 'F3', 'Phòng, chống ma túy qua biên giới', 'Cross-border drug control',
    'Phát hiện, ngăn chặn vận chuyển trái phép chất ma túy qua biên giới.', 'Detects and stops illegal cross-border transport of narcotics.'),
  comp('C-F4-1', 'F4', 'Kiểm tra sau thông quan tại trụ sở cơ quan hải quan', 'Post-clearance audit at customs premises',
    'Kiểm tra hồ sơ đã thông quan tại trụ sở cơ quan hải quan.', 'Audits cleared declarations at customs premises.'),
  comp('C-F4-2', 'F4', 'Kiểm tra sau thông quan tại trụ sở người khai hải quan', 'Post-clearance audit at the declarant\'s premises',
    'Kiểm tra sổ sách, chứng từ, hàng hóa tại trụ sở doanh nghiệp.', 'Audits books, documents and goods at the company\'s premises.'),
  comp('C-F4-3', 'F4', 'Phân tích báo cáo tài chính doanh nghiệp', 'Financial statement analysis',
    'Đọc và phân tích báo cáo tài chính để phát hiện dấu hiệu rủi ro.', 'Reads and analyses financial statements to spot signs of risk.'),
  comp('C-F5-1', 'F5', 'Thu thập, phân tích thông tin rủi ro', 'Risk information analysis',
    'Thu thập, cập nhật và phân tích thông tin phục vụ quản lý rủi ro.', 'Collects, updates and analyses information for risk management.'),
  comp('C-F5-2', 'F5', 'Đánh giá tuân thủ doanh nghiệp', 'Compliance assessment',
    'Đánh giá, phân loại mức độ tuân thủ pháp luật của người khai hải quan.', 'Assesses and ranks declarants\' compliance with the law.'),
  comp('C-F5-3', 'F5', 'Xây dựng tiêu chí phân luồng', 'Selectivity criteria',
    'Thiết lập, điều chỉnh tiêu chí phân luồng xanh, vàng, đỏ.', 'Sets and tunes green, yellow and red channel criteria.'),
  comp('C-F6-1', 'F6', 'Lập biên bản vi phạm hành chính', 'Recording administrative violations',
    'Lập biên bản vi phạm hành chính đúng thẩm quyền, thời hạn và thể thức.', 'Records administrative violations with the right competence, timing and form.'),
  comp('C-F6-2', 'F6', 'Xử phạt vi phạm hành chính về hải quan', 'Penalising customs violations',
    'Xác định hành vi, mức phạt và ra quyết định xử phạt.', 'Determines the offence and the fine and issues penalty decisions.'),
  comp('C-F6-3', 'F6', 'Cưỡng chế thi hành quyết định hành chính', 'Enforcing administrative decisions',
    'Áp dụng các biện pháp cưỡng chế thi hành quyết định hành chính thuế, hải quan.', 'Applies enforcement measures for customs and tax decisions.'),
  comp('C-F7-1', 'F7', 'Nghiệp vụ thanh tra', 'Inspection practice',
    'Lập kế hoạch, tiến hành thanh tra và kết luận thanh tra.', 'Plans and conducts inspections and writes inspection conclusions.'),
  comp('C-F7-2', 'F7', 'Giải quyết khiếu nại, tố cáo', 'Complaints and denunciations',
    'Tiếp nhận, phân loại và giải quyết khiếu nại, tố cáo trong lĩnh vực hải quan.', 'Receives, sorts and resolves complaints and denunciations about customs.'),
  comp('C-F7-3', 'F7', 'Phòng, chống tham nhũng', 'Anti-corruption',
    'Thực hiện các biện pháp phòng ngừa, phát hiện và xử lý tham nhũng.', 'Applies measures to prevent, detect and handle corruption.'),
  comp('C-F8-1', 'F8', 'Lấy mẫu hàng hóa', 'Sampling goods',
    'Lấy mẫu, niêm phong và bàn giao mẫu hàng hóa đúng quy trình.', 'Takes, seals and hands over samples according to procedure.'),
  comp('C-F8-2', 'F8', 'Phân tích hàng hóa bằng phương pháp thí nghiệm', 'Laboratory analysis',
    'Phân tích thành phần, tính chất hàng hóa để phục vụ phân loại.', 'Analyses composition and properties of goods for classification.'),
  comp('C-F8-3', 'F8', 'Quản lý chất lượng phòng thí nghiệm', 'Laboratory quality management',
    'Duy trì hệ thống chất lượng ISO/IEC 17025 và hiệu chuẩn thiết bị.', 'Maintains the ISO/IEC 17025 quality system and calibrates equipment.'),
];

export const COMPETENCIES: CompetencyRow[] = [...FIELD_COMPETENCIES, ...COMMON_COMPETENCIES];

type PositionRow = Prisma.JobPositionCreateManyInput;

// 4 non-leadership positions and 1 team-leader position per field.
const POSITION_NAMES: Record<string, [vi: string, en: string][]> = {
  F1: [
    ['Công chức tiếp nhận, đăng ký tờ khai hải quan', 'Declaration registration officer'],
    ['Công chức kiểm tra hồ sơ hải quan', 'Document examination officer'],
    ['Công chức kiểm tra thực tế hàng hóa', 'Physical inspection officer'],
    ['Công chức giám sát hải quan tại cửa khẩu', 'Border gate surveillance officer'],
    ['Đội trưởng phụ trách giám sát quản lý', 'Team leader, supervision and management'],
  ],
  F2: [
    ['Công chức phân loại hàng hóa, áp mã HS', 'Tariff classification officer'],
    ['Công chức kiểm tra trị giá hải quan', 'Customs valuation officer'],
    ['Công chức kiểm tra xuất xứ hàng hóa', 'Rules of origin officer'],
    ['Công chức quản lý thu nộp thuế', 'Duty collection officer'],
    ['Đội trưởng phụ trách thuế xuất nhập khẩu', 'Team leader, import-export duty'],
  ],
  F3: [
    ['Công chức thu thập, xử lý thông tin nghiệp vụ', 'Intelligence officer'],
    ['Công chức tuần tra, kiểm soát hải quan', 'Patrol and control officer'],
    ['Công chức điều tra chống buôn lậu', 'Anti-smuggling investigator'],
    ['Công chức kiểm soát ma túy', 'Drug control officer'],
    ['Đội trưởng phụ trách kiểm soát chống buôn lậu', 'Team leader, anti-smuggling'],
  ],
  F4: [
    ['Công chức kiểm tra sau thông quan tại trụ sở hải quan', 'Post-clearance auditor (customs premises)'],
    ['Công chức kiểm tra sau thông quan tại doanh nghiệp', 'Post-clearance auditor (company premises)'],
    ['Công chức phân tích báo cáo tài chính', 'Financial statement analyst'],
    ['Công chức thu thập thông tin doanh nghiệp', 'Enterprise information officer'],
    ['Đội trưởng phụ trách kiểm tra sau thông quan', 'Team leader, post-clearance audit'],
  ],
  F5: [
    ['Công chức phân tích thông tin rủi ro', 'Risk information analyst'],
    ['Công chức đánh giá tuân thủ doanh nghiệp', 'Compliance assessment officer'],
    ['Công chức xây dựng tiêu chí phân luồng', 'Selectivity criteria officer'],
    ['Công chức quản lý hồ sơ doanh nghiệp', 'Enterprise profile officer'],
    ['Đội trưởng phụ trách quản lý rủi ro', 'Team leader, risk management'],
  ],
  F6: [
    ['Công chức lập biên bản vi phạm hành chính', 'Violation recording officer'],
    ['Công chức xử lý vi phạm hành chính về hải quan', 'Violation handling officer'],
    ['Công chức cưỡng chế thi hành quyết định hành chính', 'Enforcement officer'],
    ['Công chức pháp chế', 'Legal affairs officer'],
    ['Đội trưởng phụ trách xử lý vi phạm', 'Team leader, violation handling'],
  ],
  F7: [
    ['Công chức thanh tra hải quan', 'Customs inspector'],
    ['Công chức giải quyết khiếu nại, tố cáo', 'Complaints officer'],
    ['Công chức phòng, chống tham nhũng', 'Anti-corruption officer'],
    ['Công chức kiểm tra nội bộ', 'Internal control officer'],
    ['Đội trưởng phụ trách thanh tra', 'Team leader, inspection'],
  ],
  F8: [
    ['Công chức lấy mẫu hàng hóa', 'Sampling officer'],
    ['Kiểm định viên phân tích hóa học', 'Chemical analyst'],
    ['Kiểm định viên phân tích cơ lý', 'Physical and mechanical analyst'],
    ['Công chức quản lý chất lượng phòng thí nghiệm', 'Laboratory quality officer'],
    ['Đội trưởng phụ trách kiểm định hàng hóa', 'Team leader, goods testing'],
  ],
};

export const POSITIONS: PositionRow[] = FIELDS.flatMap((field) =>
  POSITION_NAMES[field.id].map(([nameVi, nameEn], i): PositionRow => {
    const id = `P-${field.id}-${String(i + 1).padStart(2, '0')}`;
    return { id, code: id, nameVi, nameEn, fieldId: field.id, isLeadership: i === 4, active: true };
  }),
);

export function fieldCompetencyIds(fieldId: string): string[] {
  return FIELD_COMPETENCIES.filter((c) => c.fieldId === fieldId).map((c) => c.id);
}

/** The field competency a non-leadership position leans on (position 1 -> competency 1, ...); null for leaders. */
function emphasisOf(position: PositionRow): string | null {
  if (position.isLeadership) return null;
  const ids = fieldCompetencyIds(position.fieldId);
  const index = Number(position.id.slice(-2)) - 1;
  return ids[index % ids.length];
}

/** Required levels: leaders need level 3 in their field; others level 2 where they specialise, 1 elsewhere. */
export function buildPositionCompetencies(): Prisma.PositionCompetencyCreateManyInput[] {
  return POSITIONS.flatMap((position) => {
    const emphasis = emphasisOf(position);
    const leader = position.isLeadership === true;
    const fieldRows = fieldCompetencyIds(position.fieldId).map((competencyId) => ({
      positionId: position.id, competencyId, requiredLevel: leader ? 3 : competencyId === emphasis ? 2 : 1,
    }));
    const commonRows = [
      { positionId: position.id, competencyId: 'C-COM-LAW', requiredLevel: leader ? 3 : 2 },
      { positionId: position.id, competencyId: 'C-COM-ETH', requiredLevel: leader ? 3 : 2 },
      { positionId: position.id, competencyId: 'C-COM-IT', requiredLevel: leader ? 2 : 1 },
    ];
    return [...fieldRows, ...commonRows];
  });
}

// ── Test blueprints: 40 items, 60 minutes, pass mark 50 ──

export const ITEMS_PER_TEST = 40;
const COMMON_ITEMS = { 'C-COM-LAW': 6, 'C-COM-ETH': 4, 'C-COM-IT': 4 } as const;
const DIFFICULTIES = ['EASY', 'MEDIUM', 'HARD'] as const;
// Leaders get a harder mix.
const MIX = { staff: [30, 50, 20], leader: [20, 50, 30] } as const;

export interface Blueprints {
  blueprints: Prisma.TestBlueprintCreateManyInput[];
  sections: Prisma.BlueprintSectionCreateManyInput[];
}

export function buildBlueprints(): Blueprints {
  const blueprints: Prisma.TestBlueprintCreateManyInput[] = [];
  const sections: Prisma.BlueprintSectionCreateManyInput[] = [];
  for (const position of POSITIONS) {
    const blueprintId = `BP-${position.id}-v1`;
    blueprints.push({ id: blueprintId, positionId: position.id, version: 1, status: 'ACTIVE', durationMinutes: 60, passMark: 50 });

    // Field competencies share what the common ones leave; the emphasised one counts double.
    const fieldIds = fieldCompetencyIds(position.fieldId);
    const emphasis = emphasisOf(position);
    const fieldTotal = ITEMS_PER_TEST - Object.values(COMMON_ITEMS).reduce((a, b) => a + b, 0);
    const fieldCounts = apportion(fieldTotal, fieldIds.map((id) => (id === emphasis ? 2 : 1)));
    const perCompetency: [string, number][] = [
      ...fieldIds.map((id, i): [string, number] => [id, fieldCounts[i]]),
      ...Object.entries(COMMON_ITEMS),
    ];

    const mix = position.isLeadership ? MIX.leader : MIX.staff;
    for (const [competencyId, count] of perCompetency) {
      apportion(count, mix).forEach((itemCount, d) => {
        if (itemCount === 0) return;
        const difficulty = DIFFICULTIES[d];
        sections.push({ id: `${blueprintId}-${competencyId}-${difficulty}`, blueprintId, competencyId, difficulty, itemCount });
      });
    }
  }
  return { blueprints, sections };
}
