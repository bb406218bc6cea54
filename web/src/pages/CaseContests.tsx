// A feedback case's contests as the business and the leaders both read them: the answer the business contested,
// its comment, and whether the case was reconsidered (the new answer is the case's answer) or closed.
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../api/client';
import { dateTime } from '../time';

export type Contest = ResponseOf<'/feedback/my/cases/{id}', 'get'>['contests'][number];

const box = { marginTop: 12, padding: 12, borderRadius: 6, border: '1px solid #e5e7eb', background: '#fff' } as const;

export function OutcomeTag({ outcome }: { outcome: Contest['contestedAnswer']['outcome'] }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  return <Tag color={outcome === 'SUBSTANTIATED' ? '#9a3412' : 'default'}>{t(`case.outcomes.${outcome}`)}</Tag>;
}

/** One contest: what was contested, why, and what came of it. `showAnswer` false when the answer is shown beside it already. */
export function ContestRound({ contest, showAnswer = true }: { contest: Contest; showAnswer?: boolean }) {
  const { t } = useTranslation();
  const a = contest.contestedAnswer;
  return (
    <section style={box} aria-label={t('contest.title', { n: contest.round + 1 })}>
      <Typography.Text strong>{t('contest.title', { n: contest.round + 1 })}</Typography.Text>{' '}
      <Typography.Text type="secondary">({t('contest.at', { at: dateTime(contest.at) })})</Typography.Text>
      {showAnswer && (
        <div style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">{t('contest.answerWas')}: </Typography.Text>
          <OutcomeTag outcome={a.outcome} />
          {a.reason}
          {a.at && <Typography.Text type="secondary"> ({dateTime(a.at)})</Typography.Text>}
        </div>
      )}
      <div style={{ marginTop: 6 }}>
        <Typography.Text type="secondary">{t('contest.comment')}: </Typography.Text>“{contest.comment ?? '—'}”
      </div>
      <div style={{ marginTop: 6 }}>
        {contest.reopened ? <Tag color="blue">{t('contest.reopened')}</Tag> : <Tag>{t('contest.final')}</Tag>}
      </div>
    </section>
  );
}

/**
 * The contests that reopened the case come before the current answer (it answers them); a last contest that
 * closed the case (no reconsideration left) comes after it, its answer being the one shown.
 */
export function splitContests(contests: Contest[]) {
  const last = contests.at(-1);
  const final = last && !last.reopened ? last : null;
  return { before: final ? contests.slice(0, -1) : contests, final, reconsidered: contests.some((c) => c.reopened) };
}
