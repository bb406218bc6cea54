// Pure tests of the demo data generator: no database involved.
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword, hashPassword } from '../../services/passwords';
import { stripDiacritics, toSearchName } from '../../domain/text';
import { buildDemoData, DEMO_CREDENTIALS, type DemoData, REFERENCE_DATE } from './index';
import { ORGANISATION_WEIGHTS } from './organisation';

const DAY = 86_400_000;
const time = (d: unknown) => (d as Date).getTime();

// Map.groupBy needs Node 21+.
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

let data: DemoData;
let unitById: Map<string, DemoData['units'][number]>;
const departmentOf = (unitId: string) => unitById.get(unitId)!.path.split('/')[2];
const staffGroupOf = (unitId: string) => (/^D\d\d$/.test(departmentOf(unitId)) ? departmentOf(unitId) : 'HQ');

beforeAll(() => {
  data = buildDemoData({ officers: 10_300, seed: 'customs-2026' });
  unitById = new Map(data.units.map((u) => [u.id, u]));
});

describe('determinism', () => {
  it('gives identical data for the same seed', () => {
    expect(buildDemoData({ officers: 800, seed: 'x' })).toEqual(buildDemoData({ officers: 800, seed: 'x' }));
  });

  it('gives different officers for a different seed, and the same organisation for any officer count', () => {
    const a = buildDemoData({ officers: 800, seed: 'x' });
    const b = buildDemoData({ officers: 800, seed: 'y' });
    expect(a.officers.map((o) => o.fullName)).not.toEqual(b.officers.map((o) => o.fullName));
    expect(buildDemoData({ officers: 50, seed: 'x' }).units).toEqual(a.units);
    expect(buildDemoData({ officers: 50, seed: 'x' }).questionItemVersions).toEqual(a.questionItemVersions);
  });
});

describe('organisation', () => {
  it('has headquarters, 6 HQ units and exactly 35 departments D01..D35', () => {
    const byKind = (kind: string) => data.units.filter((u) => u.kind === kind);
    expect(byKind('HEADQUARTERS').map((u) => u.id)).toEqual(['HQ']);
    expect(byKind('HQ_UNIT').map((u) => u.id)).toContain('HQ-RMB');
    expect(byKind('HQ_UNIT')).toHaveLength(6);
    expect(byKind('DEPARTMENT').map((u) => u.id)).toEqual(Array.from({ length: 35 }, (_, i) => `D${String(i + 1).padStart(2, '0')}`));
    expect(unitById.get('HQ-RMB')!.nameVi).toBe('Ban Cải cách, hiện đại hóa hải quan');
    expect(unitById.get('D35')!.nameVi).toBe('Cục Hải quan Hà Giang');
  });

  it('materialises paths and depths consistently with the parent links', () => {
    for (const unit of data.units) {
      if (unit.parentId == null) {
        expect(unit.path).toBe('/HQ/');
        expect(unit.depth).toBe(0);
        continue;
      }
      const parent = unitById.get(unit.parentId)!;
      expect(unit.path).toBe(`${parent.path}${unit.id}/`);
      expect(unit.depth).toBe(parent.depth + 1);
      expect(unit.code).toBe(unit.id);
    }
    expect(unitById.get('D01-B01-T01')!.path).toBe('/HQ/D01/D01-B01/D01-B01-T01/');
    expect(new Set(data.units.map((u) => u.path)).size).toBe(data.units.length);
  });

  it('gives every department 2-5 branches, every branch 2-4 teams and every HQ unit 1-2 teams', () => {
    const children = (id: string) => data.units.filter((u) => u.parentId === id);
    for (const dept of data.units.filter((u) => u.kind === 'DEPARTMENT')) {
      const branches = children(dept.id);
      expect(branches.length).toBeGreaterThanOrEqual(2);
      expect(branches.length).toBeLessThanOrEqual(5);
      for (const branch of branches) {
        expect(branch.kind).toBe('BRANCH');
        expect(branch.nameVi).toMatch(/^Chi cục Hải quan /);
        const teams = children(branch.id);
        expect(teams.length).toBeGreaterThanOrEqual(2);
        expect(teams.length).toBeLessThanOrEqual(4);
        expect(teams.every((t) => t.kind === 'TEAM')).toBe(true);
      }
    }
    for (const hqUnit of data.units.filter((u) => u.kind === 'HQ_UNIT')) {
      expect(children(hqUnit.id).length).toBeGreaterThanOrEqual(1);
      expect(children(hqUnit.id).length).toBeLessThanOrEqual(2);
    }
  });

  it('weights sum to 100, so D35 (weight 1) gets 103 of 10,300 officers', () => {
    const total = ORGANISATION_WEIGHTS.hq + ORGANISATION_WEIGHTS.departments.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(100, 6);
    expect(data.officers.filter((o) => departmentOf(o.unitId) === 'D35')).toHaveLength(103);
  });
});

describe('frameworks and question bank', () => {
  it('has 8 fields, 5 positions per field with one team leader each, and 3 common competencies', () => {
    expect(data.fields.map((f) => f.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']);
    expect(data.positions).toHaveLength(40);
    for (const field of data.fields) {
      const positions = data.positions.filter((p) => p.fieldId === field.id);
      expect(positions).toHaveLength(5);
      expect(positions.filter((p) => p.isLeadership)).toHaveLength(1);
      const own = data.competencies.filter((c) => c.fieldId === field.id);
      expect(own.length).toBeGreaterThanOrEqual(3);
      expect(own.length).toBeLessThanOrEqual(4);
    }
    expect(data.competencies.filter((c) => c.fieldId == null).map((c) => c.id).sort()).toEqual(['C-COM-ETH', 'C-COM-IT', 'C-COM-LAW']);
  });

  it('gives each position its field competencies plus the common ones, leaders at higher levels', () => {
    for (const position of data.positions) {
      const rows = data.positionCompetencies.filter((r) => r.positionId === position.id);
      const expected = data.competencies.filter((c) => c.fieldId === position.fieldId || c.fieldId == null).map((c) => c.id);
      expect(rows.map((r) => r.competencyId).sort()).toEqual(expected.sort());
      for (const r of rows) expect([1, 2, 3]).toContain(r.requiredLevel);
    }
    const mean = (leader: boolean) => {
      const levels = data.positionCompetencies.filter((r) => data.positions.find((p) => p.id === r.positionId)!.isLeadership === leader);
      return levels.reduce((a, r) => a + r.requiredLevel, 0) / levels.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false));
  });

  it('has one active 60-minute blueprint of 40 items per position, drawing only on its framework', () => {
    expect(data.blueprints).toHaveLength(40);
    for (const blueprint of data.blueprints) {
      expect(blueprint).toMatchObject({ version: 1, status: 'ACTIVE', durationMinutes: 60, passMark: 50 });
      const sections = data.blueprintSections.filter((s) => s.blueprintId === blueprint.id);
      expect(sections.reduce((a, s) => a + s.itemCount, 0)).toBe(40);
      const framework = new Set(data.positionCompetencies.filter((r) => r.positionId === blueprint.positionId).map((r) => r.competencyId));
      for (const s of sections) expect(framework.has(s.competencyId)).toBe(true);
    }
  });

  it('has at least 24 items per competency and enough per difficulty for every blueprint section', () => {
    const available = new Map<string, number>();
    for (const v of data.questionItemVersions) {
      const key = `${v.competencyId}/${v.difficulty}`;
      available.set(key, (available.get(key) ?? 0) + 1);
    }
    for (const c of data.competencies) {
      expect(data.questionItemVersions.filter((v) => v.competencyId === c.id).length).toBeGreaterThanOrEqual(24);
    }
    for (const s of data.blueprintSections) {
      expect(available.get(`${s.competencyId}/${s.difficulty}`) ?? 0).toBeGreaterThanOrEqual(s.itemCount);
    }
  });

  it('writes well-formed Vietnamese items: four options A-D, a valid key, unique stems', () => {
    expect(data.questionItems.every((i) => i.status === 'ACTIVE' && i.currentVersion === 1)).toBe(true);
    expect(new Set(data.questionItemVersions.map((v) => v.stem)).size).toBe(data.questionItemVersions.length);
    for (const v of data.questionItemVersions) {
      const options = v.options as { key: string; text: string }[];
      expect(options.map((o) => o.key)).toEqual(['A', 'B', 'C', 'D']);
      expect(options.map((o) => o.key)).toContain(v.correctKey);
      expect(stripDiacritics(v.stem)).not.toBe(v.stem);
      expect(v.itemId).toMatch(/^Q-C-/);
    }
    // The right answer is not always in the same place.
    expect(new Set(data.questionItemVersions.map((v) => v.correctKey)).size).toBe(4);
  });
});

describe('officers', () => {
  it('creates the requested number with unique codes, Vietnamese names and matching search names', () => {
    expect(data.officers).toHaveLength(10_300);
    expect(new Set(data.officers.map((o) => o.employeeCode)).size).toBe(10_300);
    expect(data.officers[0].employeeCode).toBe('CB000001');
    for (const o of data.officers) {
      expect(o.searchName).toBe(toSearchName(o.fullName));
      expect(o.email).toMatch(/^[a-z0-9.]+@customs\.gov\.vn$/);
      // "Thị" is a woman's middle name.
      if (o.fullName.split(' ').includes('Thị')) expect(o.gender).toBe('FEMALE');
    }
    const withDiacritics = data.officers.filter((o) => stripDiacritics(o.fullName) !== o.fullName).length;
    expect(withDiacritics / data.officers.length).toBeGreaterThan(0.8);
    expect(data.officers.some((o) => o.fullName.startsWith('Nguyễn '))).toBe(true);
    expect(data.officers.some((o) => o.fullName.startsWith('Đặng '))).toBe(true);
  });

  it('places officers in a team or branch, with a position of a field that unit works in', () => {
    const positionById = new Map(data.positions.map((p) => [p.id, p]));
    for (const o of data.officers) {
      expect(['TEAM', 'BRANCH']).toContain(unitById.get(o.unitId)!.kind);
      if (positionById.get(o.positionId)!.isLeadership) expect(unitById.get(o.unitId)!.kind).toBe('TEAM');
    }
    const leaders = data.officers.filter((o) => positionById.get(o.positionId)!.isLeadership).length / data.officers.length;
    expect(leaders).toBeGreaterThan(0.06);
    expect(leaders).toBeLessThan(0.1);
    const extraTime = data.officers.filter((o) => Number(o.extraTimeMultiplier) === 1.5).length / data.officers.length;
    expect(extraTime).toBeGreaterThan(0.004);
    expect(extraTime).toBeLessThan(0.02);
    expect(data.officers.every((o) => [1, 1.5].includes(Number(o.extraTimeMultiplier)))).toBe(true);
  });

  it("ends every history with one open assignment equal to the officer's current unit and position", () => {
    const byOfficer = groupBy(data.assignments, (a) => a.officerId);
    for (const o of data.officers) {
      const history = byOfficer.get(o.id)!;
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history.length).toBeLessThanOrEqual(3);
      const last = history[history.length - 1];
      expect(last.endDate).toBeNull();
      expect(last.unitId).toBe(o.unitId);
      expect(last.positionId).toBe(o.positionId);
      for (let k = 0; k < history.length - 1; k++) {
        // Contiguous: each earlier assignment ends the day before the next one starts.
        expect(time(history[k].endDate)).toBe(time(history[k + 1].startDate) - DAY);
        expect(time(history[k].startDate)).toBeLessThan(time(history[k + 1].startDate));
        expect(history[k].positionId).not.toBe(history[k + 1].positionId);
        // Moves stay within the department (or within headquarters).
        expect(staffGroupOf(history[k].unitId)).toBe(staffGroupOf(o.unitId));
      }
      expect(time(last.startDate)).toBeLessThan(REFERENCE_DATE.getTime());
      expect(time(history[0].startDate)).toBeGreaterThan(time(o.birthDate) + 21 * 365 * DAY);
    }
  });

  it('has about 10% who changed assignment within the six months before the reference date', () => {
    const sixMonthsAgo = REFERENCE_DATE.getTime() - 183 * DAY;
    const recent = data.assignments.filter((a) => a.endDate === null && time(a.startDate) >= sixMonthsAgo);
    const share = recent.length / data.officers.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    // A recent change always has a previous assignment to compare against.
    const counts = groupBy(data.assignments, (a) => a.officerId);
    expect(recent.every((a) => counts.get(a.officerId)!.length >= 2)).toBe(true);
  });

  it('pins a staff group at an exact size and shares the rest by weight', () => {
    const pinned = buildDemoData({ officers: 2000, seed: 'customs-2026', departmentOfficers: { D35: 103 } });
    const byGroup = groupBy(pinned.officers, (o) => staffGroupOf(o.unitId));
    expect(pinned.officers).toHaveLength(2000);
    expect(byGroup.get('D35')).toHaveLength(103);
    expect(byGroup.get('D01')!.length).toBeGreaterThan(byGroup.get('D02')!.length);
    expect(() => buildDemoData({ officers: 100, departmentOfficers: { D35: 103 } })).toThrow(/more than/);
  });

  it('builds 100,000 officers in a few seconds', () => {
    const started = performance.now();
    const big = buildDemoData({ officers: 100_000 });
    const ms = performance.now() - started;
    expect(big.officers).toHaveLength(100_000);
    expect(new Set(big.officers.map((o) => o.id)).size).toBe(100_000);
    expect(big.officers.filter((o) => departmentOf(o.unitId) === 'D35')).toHaveLength(1_000);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);
});

describe('business feedback master data', () => {
  it('has businesses, the 5 stages, reasons and legal notices', () => {
    expect(data.businesses).toHaveLength(50);
    expect(new Set(data.businesses.map((b) => b.taxCode)).size).toBe(50);
    for (const b of data.businesses) {
      expect(b.taxCode).toMatch(/^\d{10}$/);
      expect(b.name).toMatch(/^Công ty /);
      expect(b.searchName).toBe(toSearchName(b.name));
    }
    expect(data.stages.map((s) => s.nameVi)).toEqual(['Tiếp nhận tờ khai', 'Kiểm tra hồ sơ', 'Kiểm tra thực tế hàng hóa', 'Thu thuế', 'Thông quan']);
    expect(data.feedbackReasons.length).toBeGreaterThanOrEqual(8);
    expect(data.legalNotices).toHaveLength(5);
    for (const n of data.legalNotices) expect(n.sourceUrl).toMatch(/^https:\/\/thuvienphapluat\.vn\//);
  });

  it('has declarations at branches, each handled in 2-4 stages by an officer of a team under that branch', () => {
    expect(data.declarations).toHaveLength(300);
    expect(new Set(data.declarations.map((d) => d.number)).size).toBe(300);
    const officerUnit = new Map(data.officers.map((o) => [o.id, o.unitId]));
    const handlings = groupBy(data.declarationHandlings, (h) => h.declarationId);
    for (const d of data.declarations) {
      expect(d.number).toMatch(/^(10|30)\d{10}$/);
      expect(unitById.get(d.branchUnitId)!.kind).toBe('BRANCH');
      const rows = handlings.get(d.id)!;
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.length).toBeLessThanOrEqual(4);
      for (const h of rows) {
        expect(unitById.get(h.teamUnitId)!.parentId).toBe(d.branchUnitId);
        expect(officerUnit.get(h.officerId)).toBe(h.teamUnitId);
      }
    }
    expect(data.declarations.some((d) => d.businessId === data.businesses[0].id)).toBe(true);
  });
});

describe('demo users', () => {
  it('has exactly the documented log-ins', () => {
    expect(DEMO_CREDENTIALS.map((c) => [c.username, c.password, c.role])).toEqual([
      ['coordinator', 'demo-coordinator', 'COORDINATOR'],
      ['reviewer.d01', 'demo-reviewer', 'REVIEWER'],
      ['reviewer.d35', 'demo-reviewer', 'REVIEWER'],
      ['leader.d01', 'demo-leader', 'LEADER'],
      ['officer.d01', 'demo-officer', 'OFFICER'],
      ['business.demo', 'demo-business', 'BUSINESS'],
    ]);
    const user = (name: string) => data.users.find((u) => u.username === name)!;
    expect(user('coordinator').unitId).toBe('HQ-RMB');
    expect(user('reviewer.d01').unitId).toBe('D01');
    expect(user('reviewer.d35').unitId).toBe('D35');
    expect(user('leader.d01').unitId).toBe('D01');
    const firstOfD01 = data.officers.find((o) => departmentOf(o.unitId) === 'D01')!;
    expect(user('officer.d01')).toMatchObject({ officerId: firstOfD01.id, unitId: firstOfD01.unitId });
    expect(user('business.demo').businessId).toBe(data.businesses[0].id);
  });

  it('hashes passwords so that only the right one verifies', async () => {
    const hash = await hashPassword('demo-reviewer');
    expect(hash).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
    expect(await verifyPassword('demo-reviewer', hash)).toBe(true);
    expect(await verifyPassword('demo-reviewer!', hash)).toBe(false);
    expect(await verifyPassword('demo-reviewer', 'scrypt$zz$00')).toBe(false);
    expect(await hashPassword('demo-reviewer')).not.toBe(hash);
  });
});
