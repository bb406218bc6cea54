// The coordinator's question bank in a browser test: a few draft items of this run, made through the bank's own
// service (as the API would), in the goods-testing field (F8). Drafts are never drawn into forms and count for
// no blueprint, so other tests' cycles and exams never see them.
import { randomUUID } from 'node:crypto';
import { createItem } from '../../services/question-bank';
import { db } from './support';

export interface BankWorld {
  /** In every item's code and stem: filter by it to see only this run's items. */
  suffix: string;
  items: { id: string; code: string; stem: string }[];
}

export async function bankWorld(): Promise<BankWorld> {
  const prisma = db();
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' }, select: { id: true, role: true } });
  const items = [];
  for (const [n, difficulty] of [[1, 'EASY'], [2, 'MEDIUM'], [3, 'HARD']] as const) {
    const stem = `Khi lấy mẫu lô hàng phân bón nhập khẩu (mẫu ${suffix}-${n}), công chức hải quan phải niêm phong mẫu trước mặt ai?`;
    const item = await createItem(
      prisma,
      {
        code: `E2E-BANK-${suffix}-${n}`,
        stem,
        options: [
          { key: 'A', text: 'Trước mặt người khai hải quan hoặc người đại diện hợp pháp' },
          { key: 'B', text: 'Chỉ cần công chức lấy mẫu ký niêm phong' },
          { key: 'C', text: 'Trước mặt nhân viên kho bãi' },
          { key: 'D', text: 'Không cần niêm phong mẫu' },
        ],
        correctKey: 'A',
        competencyId: 'C-F8-1',
        difficulty,
      },
      { userId: coordinator.id, role: coordinator.role },
    );
    items.push({ id: item.id, code: item.code, stem });
  }
  return { suffix, items };
}
