// The unit tree: headquarters, its boards and departments (HQ units), 35 provincial customs departments,
// their branches and teams. Ids are readable ("D01-B02-T03") and paths are materialised ("/HQ/D01/D01-B02/").
import type { Prisma } from '../db';
import { stripDiacritics } from '../../domain/text';
import { type Random } from './random';

type UnitRow = Prisma.UnitCreateManyInput;

/** A unit officers can be placed in, with the professional fields its work covers (first = main field). */
export interface StaffedUnit {
  id: string;
  kind: 'TEAM' | 'BRANCH';
  fieldIds: string[];
}

/** Headquarters or one department: the pool officers are distributed over, by weight. */
export interface StaffGroup {
  id: string;
  /** Share of all officers, relative to the other groups' weights. */
  weight: number;
  /** For decision numbers, e.g. "HQHCM". */
  abbreviation: string;
  teams: StaffedUnit[];
  branches: (StaffedUnit & { teamIds: string[] })[];
}

export interface Organisation {
  units: UnitRow[];
  groups: StaffGroup[];
}

// ── Headquarters units (kind HQ_UNIT), each with 1-2 divisions (kind TEAM) ──

interface HqUnitSpec {
  id: string;
  nameVi: string;
  nameEn: string;
  fieldIds: string[];
  teams: [vi: string, en: string][];
}

const HQ_UNITS: HqUnitSpec[] = [
  {
    id: 'HQ-RMB', nameVi: 'Ban Cải cách, hiện đại hóa hải quan', nameEn: 'Customs Reform and Modernisation Board',
    fieldIds: ['F1', 'F5'],
    teams: [['Phòng Cải cách thủ tục hành chính', 'Administrative Procedure Reform Division'], ['Phòng Hiện đại hóa', 'Modernisation Division']],
  },
  {
    id: 'HQ-PER', nameVi: 'Vụ Tổ chức cán bộ', nameEn: 'Department of Personnel and Organisation',
    fieldIds: ['F7', 'F1'],
    teams: [['Phòng Đào tạo, bồi dưỡng', 'Training Division']],
  },
  {
    id: 'HQ-PCA', nameVi: 'Cục Kiểm tra sau thông quan', nameEn: 'Post-Clearance Audit Department',
    fieldIds: ['F4', 'F2'],
    teams: [['Phòng Kiểm tra sau thông quan số 1', 'Post-Clearance Audit Division 1'], ['Phòng Kiểm tra sau thông quan số 2', 'Post-Clearance Audit Division 2']],
  },
  {
    id: 'HQ-RSK', nameVi: 'Cục Quản lý rủi ro', nameEn: 'Risk Management Department',
    fieldIds: ['F5'],
    teams: [['Phòng Thu thập, xử lý thông tin', 'Information Collection Division'], ['Phòng Phân tích rủi ro', 'Risk Analysis Division']],
  },
  {
    id: 'HQ-ASI', nameVi: 'Cục Điều tra chống buôn lậu', nameEn: 'Anti-Smuggling Investigation Department',
    fieldIds: ['F3', 'F6'],
    teams: [['Đội Kiểm soát ma túy', 'Drug Control Team'], ['Đội Kiểm soát chống buôn lậu khu vực phía Bắc', 'Northern Anti-Smuggling Team']],
  },
  {
    id: 'HQ-LAB', nameVi: 'Cục Kiểm định hải quan', nameEn: 'Customs Goods Verification Department',
    fieldIds: ['F8'],
    teams: [['Phòng Phân tích hóa học', 'Chemical Analysis Division'], ['Phòng Phân tích cơ lý', 'Physical and Mechanical Analysis Division']],
  },
];

// ── Provincial departments (kind DEPARTMENT) and their branches ──

interface DepartmentSpec {
  /** Name after "Cục Hải quan ". */
  name: string;
  province: string;
  /** Share of officers; headquarters weighs HQ_WEIGHT, everything sums to 100 so D35 (weight 1) gets 1%. */
  weight: number;
  /** [after "Chi cục Hải quan ", English before " Customs Branch"] */
  branches: [vi: string, en: string][];
}

const HQ_WEIGHT = 4;

// D01..D35 in this order. D35 (Hà Giang) is the small mountain department: 1% of officers (103 of 10,300).
const DEPARTMENTS: DepartmentSpec[] = [
  { name: 'TP Hồ Chí Minh', province: 'Hồ Chí Minh', weight: 16, branches: [
    ['cửa khẩu cảng Sài Gòn khu vực I', 'Saigon Port Area I Border Gate'], ['cửa khẩu cảng Sài Gòn khu vực III', 'Saigon Port Area III Border Gate'],
    ['cửa khẩu sân bay quốc tế Tân Sơn Nhất', 'Tan Son Nhat International Airport Border Gate'], ['Khu chế xuất Tân Thuận', 'Tan Thuan Export Processing Zone'],
    ['Quản lý hàng đầu tư', 'Investment Goods'] ] },
  { name: 'Hà Nội', province: 'Hà Nội', weight: 9, branches: [
    ['cửa khẩu sân bay quốc tế Nội Bài', 'Noi Bai International Airport Border Gate'], ['Bắc Hà Nội', 'North Ha Noi'], ['Gia Thụy', 'Gia Thuy'],
    ['Bắc Thăng Long', 'Bac Thang Long'], ['ga đường sắt quốc tế Yên Viên', 'Yen Vien International Railway Station'] ] },
  { name: 'Hải Phòng', province: 'Hải Phòng', weight: 8, branches: [
    ['cửa khẩu cảng Hải Phòng khu vực I', 'Hai Phong Port Area I Border Gate'], ['cửa khẩu cảng Hải Phòng khu vực II', 'Hai Phong Port Area II Border Gate'],
    ['cửa khẩu cảng Đình Vũ', 'Dinh Vu Port Border Gate'], ['Khu chế xuất và Khu công nghiệp', 'Export Processing and Industrial Zones'], ['Hải Dương', 'Hai Duong'] ] },
  { name: 'Quảng Ninh', province: 'Quảng Ninh', weight: 4.5, branches: [
    ['cửa khẩu quốc tế Móng Cái', 'Mong Cai International Border Gate'], ['cửa khẩu cảng Cái Lân', 'Cai Lan Port Border Gate'],
    ['cửa khẩu Hoành Mô', 'Hoanh Mo Border Gate'], ['cửa khẩu Bắc Phong Sinh', 'Bac Phong Sinh Border Gate'], ['cửa khẩu cảng Cẩm Phả', 'Cam Pha Port Border Gate'] ] },
  { name: 'Đồng Nai', province: 'Đồng Nai', weight: 4.5, branches: [
    ['Biên Hòa', 'Bien Hoa'], ['Long Thành', 'Long Thanh'], ['Nhơn Trạch', 'Nhon Trach'], ['Khu công nghiệp Amata', 'Amata Industrial Zone'] ] },
  { name: 'Bình Dương', province: 'Bình Dương', weight: 5, branches: [
    ['Khu công nghiệp Sóng Thần', 'Song Than Industrial Zone'], ['Khu công nghiệp Việt Nam - Singapore', 'Vietnam-Singapore Industrial Zone'],
    ['Khu công nghiệp Mỹ Phước', 'My Phuoc Industrial Zone'], ['Quản lý hàng xuất nhập khẩu ngoài khu công nghiệp', 'Goods outside Industrial Zones'] ] },
  { name: 'Bà Rịa - Vũng Tàu', province: 'Bà Rịa - Vũng Tàu', weight: 3, branches: [
    ['cửa khẩu cảng Cái Mép', 'Cai Mep Port Border Gate'], ['cửa khẩu cảng Phú Mỹ', 'Phu My Port Border Gate'], ['cửa khẩu cảng Cát Lở', 'Cat Lo Port Border Gate'], ['Côn Đảo', 'Con Dao'] ] },
  { name: 'Lạng Sơn', province: 'Lạng Sơn', weight: 3.5, branches: [
    ['cửa khẩu Hữu Nghị', 'Huu Nghi Border Gate'], ['ga đường sắt quốc tế Đồng Đăng', 'Dong Dang International Railway Station'],
    ['cửa khẩu Chi Ma', 'Chi Ma Border Gate'], ['cửa khẩu Tân Thanh', 'Tan Thanh Border Gate'], ['cửa khẩu Cốc Nam', 'Coc Nam Border Gate'] ] },
  { name: 'Lào Cai', province: 'Lào Cai', weight: 3, branches: [
    ['cửa khẩu quốc tế Lào Cai', 'Lao Cai International Border Gate'], ['ga đường sắt quốc tế Lào Cai', 'Lao Cai International Railway Station'],
    ['cửa khẩu Mường Khương', 'Muong Khuong Border Gate'], ['cửa khẩu Bát Xát', 'Bat Xat Border Gate'] ] },
  { name: 'Đà Nẵng', province: 'Đà Nẵng', weight: 3, branches: [
    ['cửa khẩu cảng Đà Nẵng', 'Da Nang Port Border Gate'], ['cửa khẩu sân bay quốc tế Đà Nẵng', 'Da Nang International Airport Border Gate'],
    ['Khu công nghiệp Hòa Khánh - Liên Chiểu', 'Hoa Khanh - Lien Chieu Industrial Zone'], ['Quản lý hàng đầu tư - gia công', 'Investment and Processing Goods'] ] },
  { name: 'Bắc Ninh', province: 'Bắc Ninh', weight: 3, branches: [
    ['Bắc Ninh', 'Bac Ninh'], ['Quế Võ', 'Que Vo'], ['Bắc Giang', 'Bac Giang'], ['Thái Nguyên', 'Thai Nguyen'] ] },
  { name: 'Long An', province: 'Long An', weight: 2, branches: [
    ['cửa khẩu quốc tế Bình Hiệp', 'Binh Hiep International Border Gate'], ['cửa khẩu Mỹ Quý Tây', 'My Quy Tay Border Gate'], ['Bến Lức', 'Ben Luc'], ['Đức Hòa', 'Duc Hoa'] ] },
  { name: 'Tây Ninh', province: 'Tây Ninh', weight: 2, branches: [
    ['cửa khẩu quốc tế Mộc Bài', 'Moc Bai International Border Gate'], ['cửa khẩu quốc tế Xa Mát', 'Xa Mat International Border Gate'],
    ['Khu công nghiệp Trảng Bàng', 'Trang Bang Industrial Zone'], ['cửa khẩu Phước Tân', 'Phuoc Tan Border Gate'] ] },
  { name: 'Cần Thơ', province: 'Cần Thơ', weight: 2, branches: [
    ['cửa khẩu cảng Cần Thơ', 'Can Tho Port Border Gate'], ['Tây Đô', 'Tay Do'], ['Vĩnh Long', 'Vinh Long'], ['Sóc Trăng', 'Soc Trang'] ] },
  { name: 'An Giang', province: 'An Giang', weight: 2, branches: [
    ['cửa khẩu quốc tế Tịnh Biên', 'Tinh Bien International Border Gate'], ['cửa khẩu Vĩnh Xương', 'Vinh Xuong Border Gate'],
    ['cửa khẩu Khánh Bình', 'Khanh Binh Border Gate'], ['cửa khẩu Vĩnh Hội Đông', 'Vinh Hoi Dong Border Gate'] ] },
  { name: 'Khánh Hòa', province: 'Khánh Hòa', weight: 2, branches: [
    ['cửa khẩu cảng Nha Trang', 'Nha Trang Port Border Gate'], ['cửa khẩu sân bay quốc tế Cam Ranh', 'Cam Ranh International Airport Border Gate'],
    ['cửa khẩu cảng Cam Ranh', 'Cam Ranh Port Border Gate'], ['Ninh Thuận', 'Ninh Thuan'] ] },
  { name: 'Nghệ An', province: 'Nghệ An', weight: 2, branches: [
    ['cửa khẩu cảng Nghệ An', 'Nghe An Port Border Gate'], ['cửa khẩu quốc tế Nậm Cắn', 'Nam Can International Border Gate'], ['Vinh', 'Vinh'] ] },
  { name: 'Thanh Hóa', province: 'Thanh Hóa', weight: 1.5, branches: [
    ['cửa khẩu cảng Nghi Sơn', 'Nghi Son Port Border Gate'], ['cửa khẩu quốc tế Na Mèo', 'Na Meo International Border Gate'], ['Quản lý hàng đầu tư - gia công', 'Investment and Processing Goods'] ] },
  { name: 'Hà Tĩnh', province: 'Hà Tĩnh', weight: 1.5, branches: [
    ['cửa khẩu cảng Vũng Áng', 'Vung Ang Port Border Gate'], ['cửa khẩu quốc tế Cầu Treo', 'Cau Treo International Border Gate'], ['Hồng Lĩnh', 'Hong Linh'] ] },
  { name: 'Quảng Trị', province: 'Quảng Trị', weight: 1.5, branches: [
    ['cửa khẩu quốc tế Lao Bảo', 'Lao Bao International Border Gate'], ['cửa khẩu La Lay', 'La Lay Border Gate'], ['cửa khẩu cảng Cửa Việt', 'Cua Viet Port Border Gate'] ] },
  { name: 'Quảng Ngãi', province: 'Quảng Ngãi', weight: 1.5, branches: [
    ['cửa khẩu cảng Dung Quất', 'Dung Quat Port Border Gate'], ['các khu công nghiệp Quảng Ngãi', 'Quang Ngai Industrial Zones'] ] },
  { name: 'Bình Định', province: 'Bình Định', weight: 1.5, branches: [
    ['cửa khẩu cảng Quy Nhơn', 'Quy Nhon Port Border Gate'], ['Phú Yên', 'Phu Yen'] ] },
  { name: 'Quảng Nam', province: 'Quảng Nam', weight: 1.5, branches: [
    ['cửa khẩu cảng Kỳ Hà', 'Ky Ha Port Border Gate'], ['Khu công nghiệp Điện Nam - Điện Ngọc', 'Dien Nam - Dien Ngoc Industrial Zone'], ['cửa khẩu Nam Giang', 'Nam Giang Border Gate'] ] },
  { name: 'Thừa Thiên Huế', province: 'Thừa Thiên Huế', weight: 1.5, branches: [
    ['cửa khẩu cảng Chân Mây', 'Chan May Port Border Gate'], ['cửa khẩu A Đớt', 'A Dot Border Gate'], ['Thủy An', 'Thuy An'] ] },
  { name: 'Quảng Bình', province: 'Quảng Bình', weight: 1, branches: [
    ['cửa khẩu quốc tế Cha Lo', 'Cha Lo International Border Gate'], ['cửa khẩu cảng Hòn La', 'Hon La Port Border Gate'], ['cửa khẩu Cà Roòng', 'Ca Roong Border Gate'] ] },
  { name: 'Hà Nam Ninh', province: 'Nam Định', weight: 1.5, branches: [
    ['Nam Định', 'Nam Dinh'], ['Ninh Bình', 'Ninh Binh'], ['Hà Nam', 'Ha Nam'] ] },
  { name: 'Bình Phước', province: 'Bình Phước', weight: 1, branches: [
    ['cửa khẩu quốc tế Hoa Lư', 'Hoa Lu International Border Gate'], ['cửa khẩu Hoàng Diệu', 'Hoang Dieu Border Gate'], ['Chơn Thành', 'Chon Thanh'] ] },
  { name: 'Kiên Giang', province: 'Kiên Giang', weight: 1, branches: [
    ['cửa khẩu quốc tế Hà Tiên', 'Ha Tien International Border Gate'], ['cửa khẩu cảng Hòn Chông', 'Hon Chong Port Border Gate'], ['Phú Quốc', 'Phu Quoc'] ] },
  { name: 'Đồng Tháp', province: 'Đồng Tháp', weight: 1, branches: [
    ['cửa khẩu quốc tế Thường Phước', 'Thuong Phuoc International Border Gate'], ['cửa khẩu quốc tế Dinh Bà', 'Dinh Ba International Border Gate'],
    ['cửa khẩu cảng Đồng Tháp', 'Dong Thap Port Border Gate'] ] },
  { name: 'Cà Mau', province: 'Cà Mau', weight: 0.8, branches: [
    ['cửa khẩu cảng Năm Căn', 'Nam Can Port Border Gate'], ['Hòa Trung', 'Hoa Trung'] ] },
  { name: 'Đắk Lắk', province: 'Đắk Lắk', weight: 1, branches: [
    ['Buôn Ma Thuột', 'Buon Ma Thuot'], ['cửa khẩu Đắk Ruê', 'Dak Rue Border Gate'], ['Đắk Nông', 'Dak Nong'] ] },
  { name: 'Gia Lai - Kon Tum', province: 'Gia Lai', weight: 1, branches: [
    ['cửa khẩu quốc tế Lệ Thanh', 'Le Thanh International Border Gate'], ['cửa khẩu quốc tế Bờ Y', 'Bo Y International Border Gate'], ['Kon Tum', 'Kon Tum'] ] },
  { name: 'Điện Biên', province: 'Điện Biên', weight: 0.7, branches: [
    ['cửa khẩu quốc tế Tây Trang', 'Tay Trang International Border Gate'], ['cửa khẩu Huổi Puốc', 'Huoi Puoc Border Gate'], ['cửa khẩu Ma Lù Thàng', 'Ma Lu Thang Border Gate'] ] },
  { name: 'Cao Bằng', province: 'Cao Bằng', weight: 1, branches: [
    ['cửa khẩu Tà Lùng', 'Ta Lung Border Gate'], ['cửa khẩu Trà Lĩnh', 'Tra Linh Border Gate'], ['cửa khẩu Sóc Giang', 'Soc Giang Border Gate'], ['cửa khẩu Bí Hà', 'Bi Ha Border Gate'] ] },
  { name: 'Hà Giang', province: 'Hà Giang', weight: 1, branches: [
    ['cửa khẩu quốc tế Thanh Thủy', 'Thanh Thuy International Border Gate'], ['cửa khẩu Xín Mần', 'Xin Man Border Gate'], ['cửa khẩu Phó Bảng', 'Pho Bang Border Gate'] ] },
];

// ── Teams under a branch (kind TEAM); the first one always exists because it receives declarations ──

const BRANCH_TEAMS: { vi: string; en: string; fieldIds: string[] }[] = [
  { vi: 'Đội Thủ tục hàng hóa xuất nhập khẩu', en: 'Import-Export Procedures Team', fieldIds: ['F1', 'F2'] },
  { vi: 'Đội Kiểm soát hải quan', en: 'Customs Control Team', fieldIds: ['F3', 'F6'] },
  { vi: 'Đội Kiểm tra thực tế hàng hóa', en: 'Physical Inspection Team', fieldIds: ['F1', 'F8'] },
  { vi: 'Đội Nghiệp vụ', en: 'Operations Team', fieldIds: ['F2', 'F5'] },
  { vi: 'Đội Tổng hợp', en: 'General Affairs Team', fieldIds: ['F7', 'F5'] },
  { vi: 'Đội Kiểm tra sau thông quan', en: 'Post-Clearance Audit Team', fieldIds: ['F4', 'F2'] },
  { vi: 'Đội Xử lý vi phạm', en: 'Violation Handling Team', fieldIds: ['F6', 'F3'] },
];

/** "Hồ Chí Minh" -> "HCM": the initials used in decision numbers. */
function initials(name: string): string {
  return stripDiacritics(name).split(/[\s-]+/).filter(Boolean).map((w) => w[0].toUpperCase()).join('');
}

export function buildOrganisation(random: Random): Organisation {
  const units: UnitRow[] = [];
  const add = (row: Omit<UnitRow, 'code' | 'path' | 'depth'>, parentPath: string | null): string => {
    const path = `${parentPath ?? '/'}${row.id}/`;
    units.push({ ...row, code: row.id, path, depth: path.split('/').length - 3 });
    return path;
  };

  const hqPath = add({ id: 'HQ', nameVi: 'Tổng cục Hải quan', nameEn: 'General Department of Vietnam Customs', kind: 'HEADQUARTERS', parentId: null, province: 'Hà Nội' }, null);

  const hqGroup: StaffGroup = { id: 'HQ', weight: HQ_WEIGHT, abbreviation: 'TCHQ', teams: [], branches: [] };
  for (const spec of HQ_UNITS) {
    const unitPath = add({ id: spec.id, nameVi: spec.nameVi, nameEn: spec.nameEn, kind: 'HQ_UNIT', parentId: 'HQ', province: 'Hà Nội' }, hqPath);
    spec.teams.forEach(([vi, en], i) => {
      const id = `${spec.id}-T${pad2(i + 1)}`;
      add({ id, nameVi: vi, nameEn: en, kind: 'TEAM', parentId: spec.id, province: 'Hà Nội' }, unitPath);
      // A division's main field rotates through its unit's fields, so both fields get team leaders.
      const fieldIds = rotate(spec.fieldIds, i);
      hqGroup.teams.push({ id, kind: 'TEAM', fieldIds });
    });
  }

  const groups: StaffGroup[] = [hqGroup];
  DEPARTMENTS.forEach((dept, d) => {
    const deptId = `D${pad2(d + 1)}`;
    const deptPath = add({
      id: deptId, nameVi: `Cục Hải quan ${dept.name}`, nameEn: `${stripDiacritics(dept.name)} Customs Department`,
      kind: 'DEPARTMENT', parentId: 'HQ', province: dept.province,
    }, hqPath);
    const group: StaffGroup = { id: deptId, weight: dept.weight, abbreviation: `HQ${initials(dept.name)}`, teams: [], branches: [] };
    dept.branches.forEach(([vi, en], b) => {
      const branchId = `${deptId}-B${pad2(b + 1)}`;
      const branchPath = add({
        id: branchId, nameVi: `Chi cục Hải quan ${vi}`, nameEn: `${en} Customs Branch`, kind: 'BRANCH', parentId: deptId, province: dept.province,
      }, deptPath);
      const teamSpecs = [BRANCH_TEAMS[0], ...random.sample(BRANCH_TEAMS.slice(1), random.int(1, 3))];
      const teamIds: string[] = [];
      teamSpecs.forEach((team, t) => {
        const teamId = `${branchId}-T${pad2(t + 1)}`;
        add({ id: teamId, nameVi: team.vi, nameEn: team.en, kind: 'TEAM', parentId: branchId, province: dept.province }, branchPath);
        group.teams.push({ id: teamId, kind: 'TEAM', fieldIds: team.fieldIds });
        teamIds.push(teamId);
      });
      const branchFields = [...new Set(teamSpecs.flatMap((team) => team.fieldIds))];
      group.branches.push({ id: branchId, kind: 'BRANCH', fieldIds: branchFields, teamIds });
    });
    groups.push(group);
  });

  return { units, groups };
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** Exposed for tests: the configured weights sum to 100, so a weight is a percentage. */
export const ORGANISATION_WEIGHTS = { hq: HQ_WEIGHT, departments: DEPARTMENTS.map((d) => d.weight) };
