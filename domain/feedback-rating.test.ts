import { describe, expect, it } from 'vitest';
import { checkRatings, levelOf, normaliseComment, ratingChange, scoreOf, type RatingRequest } from './feedback-rating';
import { declarationSubjects, parseSubjectKey, subjectKey } from './feedback-subject';
import { DEFAULT_FEEDBACK_POLICY, amendableUntil } from './feedback-policy';

const declaration = {
  branchUnitId: 'D01-B01',
  handlings: [
    { stageId: 'S1', teamUnitId: 'D01-B01-T01', officerId: 'O-1' },
    { stageId: 'S2', teamUnitId: 'D01-B01-T01', officerId: 'O-2' },
    { stageId: 'S3', teamUnitId: 'D01-B01-T02', officerId: 'O-3' },
    { stageId: 'S3', teamUnitId: 'D01-B01-T01', officerId: 'O-1' },
  ],
};

describe('subjects of a declaration', () => {
  it('lists branch, teams, stages and officers once each, with the unit that answers for each', () => {
    const subjects = declarationSubjects(declaration);
    expect(subjects.map((s) => [s.key, s.responsibleUnitId])).toEqual([
      ['BRANCH:D01-B01', 'D01-B01'],
      ['TEAM:D01-B01-T01', 'D01-B01-T01'],
      ['TEAM:D01-B01-T02', 'D01-B01-T02'],
      ['STAGE:S1', 'D01-B01-T01'],
      ['STAGE:S2', 'D01-B01-T01'],
      ['STAGE:S3', 'D01-B01'], // two teams shared the inspection: the branch answers for it
      ['OFFICER:O-1', 'D01-B01-T01'],
      ['OFFICER:O-2', 'D01-B01-T01'],
      ['OFFICER:O-3', 'D01-B01-T02'],
    ]);
    expect(subjects.find((s) => s.kind === 'OFFICER')).toMatchObject({ officerId: 'O-1', stageId: null });
    expect(subjects.find((s) => s.kind === 'STAGE')).toMatchObject({ stageId: 'S1', officerId: null });
  });

  it('reads and writes subject keys, refusing malformed ones', () => {
    expect(subjectKey('TEAM', 'D01-B01-T01')).toBe('TEAM:D01-B01-T01');
    expect(parseSubjectKey('OFFICER:O-000123')).toEqual({ kind: 'OFFICER', id: 'O-000123' });
    expect(parseSubjectKey('CHIEF:x')).toBeNull();
    expect(parseSubjectKey('TEAM:')).toBeNull();
    expect(parseSubjectKey("TEAM:x' OR 1=1")).toBeNull();
  });
});

describe('rating checks', () => {
  const subjects = declarationSubjects(declaration);
  const reasons = new Set(['ATTITUDE', 'SLOW_PROCESSING']);
  const rating = (r: Partial<RatingRequest>): RatingRequest => ({ subject: 'BRANCH:D01-B01', level: 'SATISFIED', reasonCodes: [], comment: null, ...r });

  it('maps levels and 1-5 scores both ways', () => {
    expect(levelOf(5)).toBe('VERY_SATISFIED');
    expect(levelOf(1)).toBe('VERY_UNSATISFIED');
    expect(levelOf('NORMAL')).toBe('NORMAL');
    expect(scoreOf('UNSATISFIED')).toBe(2);
    expect(() => levelOf(6)).toThrow(RangeError);
  });

  it('names every subject not on the declaration, unknown reason and unexplained complaint', () => {
    const problems = checkRatings(
      [
        rating({}),
        rating({ subject: 'OFFICER:O-9' }),
        rating({ subject: 'TEAM:D01-B01-T02', level: 'VERY_UNSATISFIED', reasonCodes: ['BRIBES'] }),
        rating({ subject: 'STAGE:S1', level: 'UNSATISFIED' }),
        rating({ subject: 'STAGE:S2', level: 'UNSATISFIED', comment: 'Chờ quá lâu' }),
      ],
      subjects,
      reasons,
      DEFAULT_FEEDBACK_POLICY,
      '101234567890',
    );
    expect(problems).toEqual([
      { code: 'SUBJECT_NOT_ON_DECLARATION', index: 1, field: 'subject', params: { subject: 'OFFICER:O-9', number: '101234567890' } },
      { code: 'UNKNOWN_REASON', index: 2, field: 'reasonCodes', params: { codes: 'BRIBES' } },
      { code: 'REASON_REQUIRED', index: 3, field: 'reasonCodes', params: { subject: 'STAGE:S1' } },
    ]);
    expect(checkRatings([rating({ level: 'UNSATISFIED' })], subjects, reasons, { requireReasonWhenUnsatisfied: false }, 'x')).toEqual([]);
  });

  it('tells a retried rating from an amendment, and refuses one after the window', () => {
    const submittedAt = new Date('2026-03-01T08:00:00Z');
    const stored = { level: 'UNSATISFIED' as const, reasonCodes: ['ATTITUDE', 'SLOW_PROCESSING'], comment: 'Thái độ chưa tốt', submittedAt };
    const within = new Date('2026-03-05T08:00:00Z');
    const after = new Date('2026-03-08T08:00:01Z');
    expect(ratingChange(null, rating({}), within, DEFAULT_FEEDBACK_POLICY)).toBe('created');
    const same = rating({ level: 'UNSATISFIED', reasonCodes: ['SLOW_PROCESSING', 'ATTITUDE'], comment: ' Thái độ chưa tốt ' });
    expect(ratingChange(stored, same, after, DEFAULT_FEEDBACK_POLICY)).toBe('unchanged');
    expect(ratingChange(stored, rating({ level: 'NORMAL' }), within, DEFAULT_FEEDBACK_POLICY)).toBe('amended');
    expect(ratingChange(stored, rating({ level: 'NORMAL' }), after, DEFAULT_FEEDBACK_POLICY)).toBe('WINDOW_CLOSED');
    expect(amendableUntil(DEFAULT_FEEDBACK_POLICY, submittedAt).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  it('stores comments NFC-normalised and trimmed, empty as none', () => {
    const decomposed = 'Thái độ phục vụ chưa tốt'.normalize('NFD');
    expect(normaliseComment(`  ${decomposed} `)).toBe('Thái độ phục vụ chưa tốt');
    expect(normaliseComment('   ')).toBeNull();
    expect(normaliseComment(undefined)).toBeNull();
  });
});
