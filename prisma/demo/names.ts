// Vietnamese personal and company names, weighted roughly like the real population.
import { stripDiacritics } from '../../domain/text';
import { type Random, WeightedTable } from './random';

// Family names with rough population shares (per cent): Nguyễn dominates.
const FAMILY_NAMES = new WeightedTable<string>([
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Hoàng', 4.5], ['Huỳnh', 3], ['Phan', 4.5],
  ['Vũ', 3.9], ['Võ', 3], ['Đặng', 2.1], ['Bùi', 2], ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1],
  ['Lý', 0.5], ['Đinh', 0.8], ['Trương', 0.8], ['Đoàn', 0.6], ['Lương', 0.5], ['Mai', 0.4], ['Tạ', 0.3],
]);

// "Thị" marks a woman's name; men never carry it.
const MALE_MIDDLE = new WeightedTable<string>([
  ['Văn', 30], ['Hữu', 6], ['Đức', 8], ['Minh', 8], ['Quốc', 6], ['Công', 5], ['Thanh', 5], ['Xuân', 4],
  ['Hoàng', 4], ['Anh', 3], ['Trọng', 4], ['Quang', 5], ['Ngọc', 2], ['Duy', 3], ['Mạnh', 3], ['Tiến', 3],
  ['Việt', 2], ['Đình', 4],
]);
const FEMALE_MIDDLE = new WeightedTable<string>([
  ['Thị', 60], ['Ngọc', 6], ['Thu', 6], ['Thanh', 5], ['Minh', 4], ['Hồng', 4], ['Kim', 3], ['Phương', 3],
  ['Diệu', 2], ['Bích', 2], ['Thị Thu', 3], ['Thị Ngọc', 2], ['Thị Thanh', 2], ['Thị Hồng', 2],
]);

const MALE_GIVEN = [
  'An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn',
  'Tâm', 'Tuấn', 'Việt', 'Thắng', 'Trung', 'Hiếu', 'Huy', 'Đạt', 'Thành', 'Tùng', 'Kiên', 'Lâm', 'Hưng',
  'Khoa', 'Đức', 'Toàn', 'Thịnh', 'Phúc', 'Lộc', 'Vinh', 'Quang', 'Hòa', 'Trí', 'Nghĩa', 'Tú', 'Duy', 'Hoàng',
] as const;
const FEMALE_GIVEN = [
  'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Phương', 'Thảo', 'Thủy', 'Trang', 'Yến', 'Hằng',
  'Huyền', 'Nhung', 'Oanh', 'Ngân', 'Vân', 'Loan', 'Dung', 'Hoa', 'Thư', 'Châu', 'Giang', 'Tâm', 'Khánh',
  'Ánh', 'Hiền', 'Liên', 'Ly', 'Nhàn', 'Quyên', 'Trinh', 'Uyên', 'Vy', 'Xuân', 'Diệp', 'Thanh', 'An', 'My',
] as const;

export type GenderCode = 'FEMALE' | 'MALE';

export interface PersonName {
  family: string;
  middle: string;
  given: string;
  fullName: string;
  gender: GenderCode;
}

export function personName(random: Random, femaleShare: number): PersonName {
  const gender: GenderCode = random.chance(femaleShare) ? 'FEMALE' : 'MALE';
  const family = FAMILY_NAMES.pick(random);
  const middle = (gender === 'FEMALE' ? FEMALE_MIDDLE : MALE_MIDDLE).pick(random);
  const given = random.pick(gender === 'FEMALE' ? FEMALE_GIVEN : MALE_GIVEN);
  return { family, middle, given, fullName: `${family} ${middle} ${given}`, gender };
}

/** Vietnamese-style mailbox: given name plus initials of family and middle names, "ducnv". */
export function mailboxName(name: PersonName): string {
  const initials = [name.family, ...name.middle.split(' ')].map((part) => part[0]).join('');
  return stripDiacritics(`${name.given}${initials}`).toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Company names: "Công ty <form> <trade> <brand>"; brands are common auspicious words.
const COMPANY_FORMS = ['Công ty TNHH', 'Công ty Cổ phần'] as const;
const COMPANY_TRADES = [
  'Thương mại', 'Xuất nhập khẩu', 'Sản xuất và Thương mại', 'Logistics', 'Thương mại Dịch vụ', 'Điện tử',
  'Dệt may', 'Thủy sản',
] as const;
const COMPANY_BRANDS = [
  'Hoàng Long', 'Phú Thịnh', 'Minh Phát', 'Thành Công', 'Đại Việt', 'Sao Mai', 'An Phát', 'Tân Cảng',
  'Việt Hưng', 'Phương Nam', 'Hải Âu', 'Thiên Phúc', 'Bình Minh', 'Trường Sơn', 'Hồng Hà', 'Kim Ngân',
  'Nam Việt', 'Đông Á', 'Quang Minh', 'Hưng Thịnh', 'Thái Bình Dương', 'Lộc Phát', 'Vạn Xuân', 'Sông Hồng',
  'Cửu Long', 'Ánh Dương', 'Tiến Đạt', 'Gia Khang', 'Hòa Bình', 'Mê Kông', 'Phúc Lộc', 'Trí Việt',
  'Bắc Sơn', 'Đức Anh', 'Thịnh Vượng', 'Ngọc Lan', 'Toàn Cầu', 'Hải Đăng', 'Tân Phú', 'Vĩnh Hưng',
  'Đồng Tâm', 'Sài Gòn Xanh', 'Tây Bắc', 'Duyên Hải', 'Hà Thành', 'Kim Long', 'Thuận Phát', 'Mai Linh',
  'Bảo An', 'Nhật Minh', 'Khánh An', 'Song Long',
] as const;

export interface CompanyName {
  name: string;
  brandAscii: string;
}

/** count distinct company names; the brand decides uniqueness, so count <= the brand list. */
export function companyNames(random: Random, count: number): CompanyName[] {
  if (count > COMPANY_BRANDS.length) throw new Error(`at most ${COMPANY_BRANDS.length} companies`);
  return random.sample(COMPANY_BRANDS, count).map((brand) => {
    const form = random.pick(COMPANY_FORMS);
    const trade = random.pick(COMPANY_TRADES);
    return { name: `${form} ${trade} ${brand}`, brandAscii: stripDiacritics(brand).toLowerCase().replace(/[^a-z0-9]/g, '') };
  });
}

const STREETS = [
  'Nguyễn Huệ', 'Lê Lợi', 'Trần Hưng Đạo', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Điện Biên Phủ', 'Nguyễn Trãi',
  'Cách Mạng Tháng Tám', 'Hoàng Văn Thụ', 'Lê Duẩn', 'Phạm Văn Đồng', 'Võ Văn Kiệt',
] as const;

export function streetAddress(random: Random, city: string): string {
  return `Số ${random.int(1, 350)} đường ${random.pick(STREETS)}, ${city}`;
}
