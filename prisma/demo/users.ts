// Demo log-ins, one per role. The passwords are public on purpose: this is demo data only.
import type { Prisma } from '../db';

export type DemoRole = 'COORDINATOR' | 'REVIEWER' | 'LEADER' | 'OFFICER' | 'BUSINESS';

export interface DemoCredential {
  username: string;
  password: string;
  role: DemoRole;
  /** The unit whose subtree the user sees; for officer.d01 its department (the user row holds the officer's team). */
  unit: string | null;
  description: string;
}

export const DEMO_CREDENTIALS: readonly DemoCredential[] = [
  { username: 'coordinator', password: 'demo-coordinator', role: 'COORDINATOR', unit: 'HQ-RMB', description: 'HR coordinator, Reform and Modernisation Board (headquarters)' },
  { username: 'reviewer.d01', password: 'demo-reviewer', role: 'REVIEWER', unit: 'D01', description: 'Reviewer, Cục Hải quan TP Hồ Chí Minh' },
  { username: 'reviewer.d35', password: 'demo-reviewer', role: 'REVIEWER', unit: 'D35', description: 'Reviewer, Cục Hải quan Hà Giang (small mountain department)' },
  { username: 'leader.d01', password: 'demo-leader', role: 'LEADER', unit: 'D01', description: 'Leader, Cục Hải quan TP Hồ Chí Minh' },
  { username: 'officer.d01', password: 'demo-officer', role: 'OFFICER', unit: 'D01', description: 'Officer (candidate): the first officer of D01, in their own team' },
  { username: 'business.demo', password: 'demo-business', role: 'BUSINESS', unit: null, description: 'Business: the first company (BUS-001)' },
];

/** A user row before hashing: the writer turns `password` into passwordHash. */
export type DemoUser = Omit<Prisma.UserCreateManyInput, 'passwordHash'> & { password: string };

const DISPLAY_NAMES: Record<string, string> = {
  coordinator: 'Trần Thu Hà',
  'reviewer.d01': 'Lê Văn Thành',
  'reviewer.d35': 'Hoàng Thị Mai',
  'leader.d01': 'Phạm Quốc Huy',
};

export function buildUsers(
  officers: readonly { id: string; unitId: string; fullName: string }[],
  businesses: readonly { id: string; name: string }[],
  departmentOfUnit: (unitId: string) => string | null,
): DemoUser[] {
  const officer = officers.find((o) => departmentOfUnit(o.unitId) === 'D01');
  const business = businesses[0];
  return DEMO_CREDENTIALS.flatMap((c): DemoUser[] => {
    const base = { id: `U-${c.username}`, username: c.username, password: c.password, role: c.role, locale: 'vi', active: true };
    switch (c.role) {
      case 'OFFICER':
        return officer ? [{ ...base, displayName: officer.fullName, unitId: officer.unitId, officerId: officer.id }] : [];
      case 'BUSINESS':
        return business ? [{ ...base, displayName: business.name, unitId: null, businessId: business.id }] : [];
      default:
        return [{ ...base, displayName: DISPLAY_NAMES[c.username], unitId: c.unit }];
    }
  });
}
