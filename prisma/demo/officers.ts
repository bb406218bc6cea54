// Officers with their current unit and position, and their assignment history.
// Dates are relative to a fixed reference date, never the clock, so every run yields the same rows.
import type { Prisma } from '../db';
import { toSearchName } from '../../domain/text';
import { POSITIONS } from './frameworks';
import { mailboxName, personName } from './names';
import type { Organisation, StaffedUnit, StaffGroup } from './organisation';
import { addDays, apportion, type Random, utcDate, WeightedTable } from './random';

/** "Today" for the demo data: assignment histories and the "changed within 6 months" share are relative to it. */
export const REFERENCE_DATE = utcDate(2026, 11, 1);

const FEMALE_SHARE = 0.38;
const TEAM_LEADER_SHARE = 0.085; // of officers in teams, ~8% of all
const BRANCH_LEVEL_SHARE = 0.05; // officers attached to the branch itself rather than a team
const RECENT_CHANGE_SHARE = 0.1; // changed assignment within the last 6 months
const EXTRA_TIME_SHARE = 0.01; // exam accommodation: 1.5x time

// How many assignments a long-serving officer has had (the open one included).
const HISTORY_LENGTH = new WeightedTable<number>([[1, 45], [2, 35], [3, 20]]);

export interface OfficerData {
  officers: Prisma.OfficerCreateManyInput[];
  assignments: Prisma.AssignmentCreateManyInput[];
}

const staffPositions = new Map<string, string[]>();
const leaderPosition = new Map<string, string>();
for (const p of POSITIONS) {
  if (p.isLeadership) leaderPosition.set(p.fieldId, p.id);
  else staffPositions.set(p.fieldId, [...(staffPositions.get(p.fieldId) ?? []), p.id]); // 32 rows: copying is fine
}

/** A non-leadership position of one of the unit's fields, other than `avoid`. */
function staffPositionFor(random: Random, unit: StaffedUnit, avoid?: string): string {
  for (let tries = 0; tries < 8; tries++) {
    const candidate = random.pick(staffPositions.get(random.pick(unit.fieldIds))!);
    if (candidate !== avoid) return candidate;
  }
  return staffPositions.get(unit.fieldIds[0])!.find((id) => id !== avoid)!;
}

function placeOfficer(random: Random, group: StaffGroup, index: number): { unit: StaffedUnit; positionId: string } {
  // The first officers of a group fill each team once, so no team is empty when the group is big enough.
  const unit =
    index < group.teams.length
      ? group.teams[index]
      : group.branches.length > 0 && random.chance(BRANCH_LEVEL_SHARE)
        ? random.pick(group.branches)
        : random.pick(group.teams);
  if (unit.kind === 'TEAM' && index >= group.teams.length && random.chance(TEAM_LEADER_SHARE)) {
    return { unit, positionId: leaderPosition.get(unit.fieldIds[0])! };
  }
  return { unit, positionId: staffPositionFor(random, unit) };
}

/** Start dates of the assignments, oldest first; the last one is the open, current assignment. */
function assignmentStarts(random: Random, careerStart: Date, recent: boolean): Date[] {
  const sixMonthsAgo = addDays(REFERENCE_DATE, -183);
  if (recent) {
    const last = addDays(REFERENCE_DATE, -random.int(14, 175));
    const span = (last.getTime() - careerStart.getTime()) / 86_400_000;
    if (random.chance(0.4) && span > 720) return [careerStart, addDays(careerStart, random.int(180, Math.floor(span) - 180)), last];
    return [careerStart, last];
  }
  let n = HISTORY_LENGTH.pick(random);
  const latestStart = addDays(sixMonthsAgo, -17); // keep clear of the recent-change window
  const span = Math.floor((latestStart.getTime() - careerStart.getTime()) / 86_400_000);
  if (span < 180 * (n - 1) + 1) n = 1;
  if (n === 1) return [careerStart];
  const last = addDays(careerStart, random.int(180 * (n - 1), span));
  if (n === 2) return [careerStart, last];
  const lastOffset = Math.floor((last.getTime() - careerStart.getTime()) / 86_400_000);
  return [careerStart, addDays(careerStart, random.int(180, lastOffset - 180)), last];
}

/**
 * Officers per staff group: `fixed` groups get exactly their number, the others share the rest by weight (all
 * of them by weight when nothing is fixed).
 */
export function officersPerGroup(organisation: Organisation, count: number, fixed: Readonly<Record<string, number>> = {}): number[] {
  const unknown = Object.keys(fixed).filter((id) => !organisation.groups.some((g) => g.id === id));
  if (unknown.length) throw new Error(`no staff group ${unknown.join(', ')}`);
  const fixedTotal = Object.values(fixed).reduce((a, b) => a + b, 0);
  if (fixedTotal > count) throw new Error(`${fixedTotal} officers are fixed for ${Object.keys(fixed).join(', ')}, more than the ${count} asked for`);
  const free = organisation.groups.filter((g) => fixed[g.id] === undefined);
  const shares = apportion(count - fixedTotal, free.map((g) => g.weight));
  return organisation.groups.map((g) => fixed[g.id] ?? shares[free.indexOf(g)]);
}

export function buildOfficers(random: Random, organisation: Organisation, count: number, fixed: Readonly<Record<string, number>> = {}): OfficerData {
  const officers: Prisma.OfficerCreateManyInput[] = [];
  const assignments: Prisma.AssignmentCreateManyInput[] = [];
  const perGroup = officersPerGroup(organisation, count, fixed);
  let seq = 0;

  organisation.groups.forEach((group, g) => {
    for (let i = 0; i < perGroup[g]; i++) {
      seq++;
      const number = String(seq).padStart(6, '0');
      const id = `OF${number}`;
      const employeeCode = `CB${number}`;
      const name = personName(random, FEMALE_SHARE);
      const age = random.int(24, 59);
      const birthDate = utcDate(REFERENCE_DATE.getUTCFullYear() - age, random.int(1, 12), random.int(1, 28));
      const { unit, positionId } = placeOfficer(random, group, i);

      // Recruited at 22-26, and at least 400 days before the reference date.
      const recruited = utcDate(birthDate.getUTCFullYear() + random.int(22, 26), random.int(1, 12), 1);
      const careerStart = new Date(Math.min(recruited.getTime(), addDays(REFERENCE_DATE, -400).getTime()));
      const starts = assignmentStarts(random, careerStart, random.chance(RECENT_CHANGE_SHARE));

      // Walk back from the current assignment: earlier ones were often in the same unit, in another position.
      const history: { unitId: string; positionId: string }[] = [{ unitId: unit.id, positionId }];
      for (let k = starts.length - 2; k >= 0; k--) {
        const next = history[0];
        const sameUnit = random.chance(0.6);
        const previousUnit = sameUnit ? unit : random.pick(group.teams);
        history.unshift({ unitId: previousUnit.id, positionId: staffPositionFor(random, previousUnit, next.positionId) });
      }
      starts.forEach((startDate, k) => {
        assignments.push({
          id: `AS-${employeeCode}-${k + 1}`,
          officerId: id,
          positionId: history[k].positionId,
          unitId: history[k].unitId,
          startDate,
          endDate: k + 1 < starts.length ? addDays(starts[k + 1], -1) : null,
          decisionRef: `${random.int(100, 2999)}/QĐ-${group.abbreviation}`,
        });
      });

      officers.push({
        id,
        employeeCode,
        fullName: name.fullName,
        searchName: toSearchName(name.fullName),
        gender: name.gender,
        birthDate,
        email: `${mailboxName(name)}.${number}@customs.gov.vn`,
        unitId: unit.id,
        positionId,
        extraTimeMultiplier: random.chance(EXTRA_TIME_SHARE) ? 1.5 : 1.0,
        active: true,
      });
    }
  });
  return { officers, assignments };
}
