import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { servedOpenApi } from '../scripts/web-client';
import { catalogues } from './i18n';
import { describeIssue } from './validation-messages';

const issuesOf = (schema: z.ZodType, input: unknown) => schema.safeParse(input, { reportInput: true }).error!.issues;

describe('validation messages', () => {
  const schema = z
    .object({
      capacity: z.number().int().min(1).max(1000),
      room: z.string().min(2),
      startsAt: z.iso.datetime({ offset: true }),
      kind: z.enum(['LEVEL', 'FOLLOW_UP']),
      code: z.string().regex(/^[A-Z]+$/),
      ratings: z.array(z.object({ level: z.number() })).min(1),
    })
    .strict();

  it('name the field in words and say what is expected, in Vietnamese and in English', () => {
    const input = { capacity: 0, room: 'A', startsAt: '15/03/2027', kind: 'OTHER', code: 'abc', ratings: [{ level: 'x' }], extra: 1 };
    const vi = issuesOf(schema, input).map((i) => describeIssue(i, 'vi'));
    expect(vi).toEqual([
      '"Sức chứa" phải từ 1 trở lên.',
      '"Phòng thi" phải có ít nhất 2 ký tự.',
      '"Giờ bắt đầu" phải là một thời điểm có múi giờ, ví dụ 2027-03-15T08:00:00+07:00.',
      '"Loại" phải là một trong các giá trị: LEVEL, FOLLOW_UP.',
      '"Mã" chỉ gồm chữ in hoa A–Z, chữ số và dấu "-", bắt đầu bằng chữ hoặc số.',
      '"Mức độ" phải là một số.',
      'Yêu cầu có trường không được dùng ở đây: extra.',
    ]);
    expect(describeIssue(issuesOf(schema, { ...input, capacity: 5000 })[0], 'en')).toBe('"Capacity" must be 1000 or less.');
  });

  it('tell a field left out from one of the wrong kind', () => {
    const [missing] = issuesOf(z.object({ note: z.string() }), {});
    expect(describeIssue(missing, 'vi')).toBe('Chưa có "Nội dung".');
    expect(describeIssue(missing, 'en')).toBe('"Note" is required.');
    const [wrong] = issuesOf(z.object({ note: z.string() }), { note: 5 });
    expect(describeIssue(wrong, 'vi')).toBe('"Nội dung" phải là một đoạn văn bản.');
  });

  it('word a route\'s own check from the catalogue', () => {
    const refined = z.object({ accept: z.boolean(), comment: z.string().optional() }).refine((b) => b.accept || b.comment, { path: ['comment'], params: { key: 'validate.contestNeedsComment' } });
    expect(describeIssue(issuesOf(refined, { accept: false })[0], 'vi')).toBe('Không đồng ý với kết quả thì phải nêu lý do (ít nhất 5 ký tự).');
  });

  it('have a name in both languages for every field a route takes', () => {
    const doc = servedOpenApi() as { paths: Record<string, Record<string, OpenApiOperation>>; components?: { schemas?: Record<string, Schema> } };
    const names = new Set<string>();
    const walk = (s: Schema | undefined): void => {
      if (!s) return;
      if (s.$ref) return walk(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
      for (const [name, sub] of Object.entries(s.properties ?? {})) {
        names.add(name);
        walk(sub);
      }
      walk(s.items);
      for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(sub);
    };
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) {
        for (const p of op.parameters ?? []) names.add(p.name);
        walk(op.requestBody?.content?.['application/json']?.schema);
      }
    expect(names.size).toBeGreaterThan(50);
    const unnamed = [...names].filter((n) => !catalogues.vi[`field.${n}`] || !catalogues.en[`field.${n}`]);
    expect(unnamed).toEqual([]);
  });
});

interface Schema { $ref?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] }
interface OpenApiOperation { parameters?: { name: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
