// What a business may rate on a declaration: the branch it was filed at, each team, each professional stage
// and each officer that handled it. A subject is named by a key "KIND:id", the key of Feedback.subjectKey, so
// "one rating per subject per declaration" is the unique (declarationId, subjectKey).
//
// Every subject also has a responsible unit: the unit whose leaders answer for it and receive its cases.
// Branch → the branch; team → the team; officer → the team they handled the declaration in; stage → the team
// that handled the stage (the branch when several teams shared it).

export const SUBJECT_KINDS = ['BRANCH', 'TEAM', 'STAGE', 'OFFICER'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** The shape of a key as it may arrive in a request (ids of this system: letters, digits, "-", "_", "."). */
export const SUBJECT_KEY_PATTERN = /^(BRANCH|TEAM|STAGE|OFFICER):[A-Za-z0-9_.-]{1,60}$/;

export const subjectKey = (kind: SubjectKind, id: string) => `${kind}:${id}`;

export function parseSubjectKey(key: string): { kind: SubjectKind; id: string } | null {
  if (!SUBJECT_KEY_PATTERN.test(key)) return null;
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) as SubjectKind, id: key.slice(at + 1) };
}

export interface DeclarationForSubjects {
  branchUnitId: string;
  handlings: readonly { stageId: string; teamUnitId: string; officerId: string }[];
}

export interface DeclarationSubject {
  key: string;
  kind: SubjectKind;
  id: string;
  /** The unit whose leaders receive this subject's cases (Feedback.subjectUnitId). */
  responsibleUnitId: string;
  /** Feedback.subjectStageId / subjectOfficerId: set for the stage and officer subjects only. */
  stageId: string | null;
  officerId: string | null;
}

/** The subjects of a declaration in a stable order: branch, teams, stages, officers (each in order of first handling). */
export function declarationSubjects(declaration: DeclarationForSubjects): DeclarationSubject[] {
  const subjects: DeclarationSubject[] = [
    { key: subjectKey('BRANCH', declaration.branchUnitId), kind: 'BRANCH', id: declaration.branchUnitId, responsibleUnitId: declaration.branchUnitId, stageId: null, officerId: null },
  ];
  const teams: string[] = [];
  const stageTeams = new Map<string, Set<string>>();
  const officerTeam = new Map<string, string>();
  for (const h of declaration.handlings) {
    if (!teams.includes(h.teamUnitId)) teams.push(h.teamUnitId);
    if (!stageTeams.has(h.stageId)) stageTeams.set(h.stageId, new Set());
    stageTeams.get(h.stageId)!.add(h.teamUnitId);
    if (!officerTeam.has(h.officerId)) officerTeam.set(h.officerId, h.teamUnitId);
  }
  for (const team of teams) {
    subjects.push({ key: subjectKey('TEAM', team), kind: 'TEAM', id: team, responsibleUnitId: team, stageId: null, officerId: null });
  }
  for (const [stage, stageTeamSet] of stageTeams) {
    const responsible = stageTeamSet.size === 1 ? [...stageTeamSet][0] : declaration.branchUnitId;
    subjects.push({ key: subjectKey('STAGE', stage), kind: 'STAGE', id: stage, responsibleUnitId: responsible, stageId: stage, officerId: null });
  }
  for (const [officer, team] of officerTeam) {
    subjects.push({ key: subjectKey('OFFICER', officer), kind: 'OFFICER', id: officer, responsibleUnitId: team, stageId: null, officerId: officer });
  }
  return subjects;
}
