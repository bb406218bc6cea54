// The exam room: one question at a time with a navigator, a countdown on the server's clock, every change
// saved within a second (and kept in the browser until the server has it), submission with a check of what is
// unanswered or flagged, and submission by itself when time is up.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
// Plain elements where Ant Design's Typography, Space, Layout and Result would only add weight: this page loads
// first on exam morning, on every candidate's computer at once.
import { Alert, App as AntApp, Button, Card, Modal, Radio, Grid } from 'antd';
import { CheckCircleFilled, CheckCircleTwoTone, CloudOutlined, FlagFilled, FlagOutlined, LeftOutlined, RightOutlined, WifiOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call, type ResponseOf } from '../../api/client';
import { AnswerStore, type PendingChange } from '../../exam/answer-store';
import { useAutosave } from '../../exam/autosave';
import { ServerClock, useSecondsLeft } from '../../exam/server-clock';
import { clockTime, countdown, dateTime } from '../../time';
import { Loading } from '../Loading';
import './exam-room.css';

/** How long past the deadline (by the server's clock as we estimate it) the page submits by itself. */
const DEADLINE_MARGIN_MS = 1_000;

type Attempt = ResponseOf<'/exams/{registrationId}/start', 'post'>;
type Submitted = ResponseOf<'/exams/{registrationId}/submit', 'post'>;
type Question = Attempt['questions'][number];

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
/** Set once this browser has started the attempt: a reload then resumes at once, without asking first. */
const startedKey = (registrationId: string) => `cas.exam.started.${registrationId}`;

export default function ExamRoom() {
  const { registrationId = '' } = useParams();
  const { t } = useTranslation();
  const clock = useMemo(() => new ServerClock(), []);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const exams = useQuery({ queryKey: ['me', 'exams'], queryFn: () => call(api.GET('/me/exams')) });
  const entry = exams.data?.items.find((e) => e.registrationId === registrationId);

  const start = useCallback(async () => {
    setStarting(true);
    setStartError(null);
    const sentAt = Date.now();
    try {
      const started = await call(api.POST('/exams/{registrationId}/start', { params: { path: { registrationId } } }));
      clock.observe(started.serverTime, sentAt, Date.now());
      if (started.status === 'IN_PROGRESS') localStorage.setItem(startedKey(registrationId), '1');
      else localStorage.removeItem(startedKey(registrationId));
      setAttempt(started);
    } catch (err) {
      setStartError(err instanceof Error ? err.message : String(err));
    } finally {
      setStarting(false);
    }
  }, [clock, registrationId]);

  // An attempt already under way resumes at once (after a reload, or on another computer).
  const resume = entry?.attempt != null || localStorage.getItem(startedKey(registrationId)) !== null;
  useEffect(() => {
    if (resume && !attempt && !starting && !startError) void start();
  }, [resume, attempt, starting, startError, start]);

  if (exams.isPending && !attempt) return <Loading />;
  if (attempt && attempt.status !== 'IN_PROGRESS') return <Finished registrationId={registrationId} status={attempt.status} submittedAt={attempt.submittedAt} />;
  if (attempt) return <Paper attempt={attempt} clock={clock} registrationId={registrationId} cycleName={entry?.cycle} />;
  return (
    <main id="main" className="exam-plain">
      <Card style={{ maxWidth: 640, margin: '48px auto' }}>
        <h1 className="exam-h1">{t('exam.title')}</h1>
        {entry && (
          <p>
            <strong>{entry.cycle.nameVi}</strong>
            <br />
            {entry.position.nameVi}
            {entry.session && (
              <>
                <br />
                {t('officer.session', { code: entry.session.code })} · {dateTime(entry.session.startsAt)}
                {entry.session.room ? ` · ${entry.session.room}` : ''}
              </>
            )}
          </p>
        )}
        <p>{t('exam.keyboardHelp')}</p>
        {startError && <Alert type="error" showIcon role="alert" title={t('exam.cannotStart')} description={startError} style={{ marginBottom: 16 }} />}
        <div className="exam-row">
          <Button type="primary" size="large" onClick={() => void start()} loading={starting}>
            {resume ? t('officer.resumeExam') : t('officer.enterExam')}
          </Button>
          <Link to="/">
            <Button size="large">{t('exam.backHome')}</Button>
          </Link>
        </div>
      </Card>
    </main>
  );
}

function Paper({ attempt, clock, registrationId, cycleName }: { attempt: Attempt; clock: ServerClock; registrationId: string; cycleName?: { nameVi: string; nameEn: string } }) {
  const { t, i18n } = useTranslation();
  const { notification } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const store = useMemo(() => new AnswerStore(attempt.attemptId, attempt, clock.now), [attempt, clock]);
  useSyncExternalStore(store.subscribe, () => store.snapshot);
  const [index, setIndex] = useState(0);
  const [finished, setFinished] = useState<{ status: Submitted['status']; submittedAt: string | null; result?: Submitted['result'] } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const questions = attempt.questions;
  const question = questions[index];

  const send = useCallback(
    async (changes: PendingChange[]) => {
      const sentAt = Date.now();
      const ack = await call(api.PUT('/exams/{registrationId}/answers', { params: { path: { registrationId } }, body: { answers: changes } }));
      clock.observe(ack.serverTime, sentAt, Date.now());
      return ack;
    },
    [clock, registrationId],
  );

  const submittingRef = useRef(false);
  const submit = useCallback(async () => {
    if (submittingRef.current) return;
    submittingRef.current = true;
    setSubmitting(true);
    try {
      await autosave.flush();
      const done = await call(api.POST('/exams/{registrationId}/submit', { params: { path: { registrationId } } }));
      store.forget();
      localStorage.removeItem(startedKey(registrationId));
      // Graded a moment later: until then the finished page asks again.
      setFinished({ status: done.status, submittedAt: done.submittedAt, result: done.grading ? undefined : done.result });
    } catch (err) {
      if (new Date(attempt.deadlineAt).getTime() <= clock.now()) {
        // Time is up and the server could not be reached: it submits by itself at the deadline (the session's
        // workflow), so the candidate is told so; the result is fetched once the network is back.
        setFinished({ status: 'AUTO_SUBMITTED', submittedAt: attempt.deadlineAt });
      } else {
        notification.error({ title: t('exam.submit'), description: err instanceof Error ? err.message : String(err) });
      }
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
      setConfirming(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `autosave` is declared below and stable enough
  }, [registrationId, store, attempt.deadlineAt, clock]);

  const closedByServer = useCallback(() => void submit(), [submit]);
  const autosave = useAutosave(store, send, closedByServer);

  const secondsLeft = useSecondsLeft(clock, attempt.deadlineAt) ?? 0;

  // Warnings at 10 and 1 minutes; at the deadline the page submits what it has (the server does too).
  const warned = useRef<Set<number>>(new Set());
  const submittedByClock = useRef(false);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    for (const [minutes, key] of [[10, 'exam.warn10'], [1, 'exam.warn1']] as const) {
      if (secondsLeft <= minutes * 60 && secondsLeft > minutes * 60 - 30 && !warned.current.has(minutes)) {
        warned.current.add(minutes);
        notification.warning({ title: t(key), placement: 'top', duration: 8 });
        setAnnouncement(t(key));
      }
    }
    if (secondsLeft <= 0 && !finished && !submitting && !submittedByClock.current) {
      // A moment past the deadline: our estimate of the server's clock can run a little ahead of it, and a
      // submission the server receives before its deadline would be recorded as the candidate's, not the clock's.
      submittedByClock.current = true;
      window.setTimeout(() => void submit(), DEADLINE_MARGIN_MS);
    }
  }, [secondsLeft, finished, submitting, submit, notification, t]);

  const choose = useCallback((optionHandle: string | null) => store.change(question.itemHandle, { optionHandle }), [store, question]);
  const toggleFlag = useCallback(() => store.change(question.itemHandle, { flagged: !store.get(question.itemHandle)?.flagged }), [store, question]);
  const go = useCallback((i: number) => setIndex(Math.max(0, Math.min(questions.length - 1, i))), [questions.length]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (confirming || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement;
      if (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text') return;
      const letter = LETTERS.indexOf(e.key.toUpperCase());
      const digit = Number(e.key) - 1;
      const position = letter >= 0 ? letter : Number.isInteger(digit) && digit >= 0 && digit < 9 ? digit : -1;
      if (position >= 0 && position < question.options.length) {
        e.preventDefault();
        choose(question.options[position].optionHandle);
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        go(index + 1);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        go(index - 1);
      } else if (e.key.toUpperCase() === 'F') {
        e.preventDefault();
        toggleFlag();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirming, question, index, choose, go, toggleFlag]);

  if (finished) return <Finished registrationId={registrationId} status={finished.status} submittedAt={finished.submittedAt} result={finished.result} />;

  const answeredCount = questions.filter((q) => store.get(q.itemHandle)?.optionHandle).length;
  const unanswered = questions.filter((q) => !store.get(q.itemHandle)?.optionHandle).map((q) => q.number);
  const flagged = questions.filter((q) => store.get(q.itemHandle)?.flagged).map((q) => q.number);
  const current = store.get(question.itemHandle);
  const lowTime = secondsLeft <= 600;
  const title = cycleName ? (i18n.language === 'en' ? cycleName.nameEn : cycleName.nameVi) : t('exam.title');

  return (
    <div className="exam-room">
      <header className="exam-header">
        <div className="exam-title">
          <strong className="exam-title-text">{title}</strong>
          {attempt.extraTimeMultiplier !== 1 && <span className="exam-extra-time">{t('exam.extraTime', { multiplier: attempt.extraTimeMultiplier })}</span>}
        </div>
        <div className={`exam-timer${lowTime ? ' exam-timer-low' : ''}`} role="timer" aria-label={t('exam.timeLeftAria', { time: countdown(secondsLeft) })}>
          <span className="exam-timer-label">{t('exam.timeLeft')}</span>
          <span className="exam-timer-value" aria-hidden>
            {countdown(secondsLeft)}
          </span>
        </div>
        <Button type="primary" size={screens.md ? 'large' : 'middle'} onClick={() => setConfirming(true)} className="exam-submit">
          {t('exam.submit')}
        </Button>
      </header>
      <div aria-live="assertive" className="visually-hidden">
        {announcement}
      </div>
      {autosave.offline && (
        <Alert type="warning" showIcon icon={<WifiOutlined />} banner role="status" title={t('exam.offlineTitle')} description={t('exam.offline')} />
      )}
      {autosave.signedOut && (
        <Alert
          type="error"
          showIcon
          banner
          role="alert"
          title={t('exam.signedOutTitle')}
          description={
            <>
              {t('exam.signedOut')}{' '}
              <a href="/" target="_blank" rel="noopener" style={{ textDecoration: 'underline' }}>
                {t('exam.signInAgain')}
              </a>
            </>
          }
        />
      )}
      {autosave.error && <Alert type="error" showIcon banner role="alert" title={autosave.error} />}
      <main id="main" className="exam-body">
        <section className="exam-question" aria-labelledby="question-heading">
          <Card>
            <div className="exam-question-top">
              <h1 id="question-heading" className="exam-question-number">
                {t('exam.questionOf', { n: question.number, total: questions.length })}
              </h1>
              <SaveStatus lastSavedAt={autosave.lastSavedAt} saving={autosave.saving} pending={autosave.pendingCount} />
            </div>
            <p className="exam-stem" id={`stem-${question.number}`}>
              {question.stem}
            </p>
            <Radio.Group
              className="exam-options"
              value={current?.optionHandle ?? null}
              onChange={(e) => choose(e.target.value as string)}
              aria-labelledby={`stem-${question.number}`}
            >
              {/* Options are labelled by their place on the screen; the handle names nothing outside this attempt. */}
              {question.options.map((o, i) => (
                <Radio key={o.optionHandle} value={o.optionHandle} className="exam-option">
                  <span className="exam-option-letter" aria-hidden>
                    {LETTERS[i]}
                  </span>
                  <span className="visually-hidden">{LETTERS[i]}. </span>
                  {o.text}
                </Radio>
              ))}
            </Radio.Group>
            <div className="exam-actions">
              <Button icon={<LeftOutlined />} onClick={() => go(index - 1)} disabled={index === 0} size="large">
                {t('exam.previous')}
              </Button>
              <div className="exam-row">
                <Button icon={current?.flagged ? <FlagFilled /> : <FlagOutlined />} onClick={toggleFlag} aria-pressed={!!current?.flagged} size="large" className={current?.flagged ? 'exam-flagged-button' : undefined}>
                  {current?.flagged ? t('exam.unflag') : t('exam.flag')}
                </Button>
                {current?.optionHandle && (
                  <Button type="text" onClick={() => choose(null)} size="large">
                    {t('exam.clear')}
                  </Button>
                )}
              </div>
              <Button type="primary" ghost onClick={() => go(index + 1)} disabled={index === questions.length - 1} size="large">
                {t('exam.next')} <RightOutlined />
              </Button>
            </div>
          </Card>
          <p className="exam-hint">{t('exam.keyboardHelp')}</p>
        </section>
        <aside className="exam-navigator" aria-labelledby="navigator-heading">
          <Card>
            <h2 id="navigator-heading" className="exam-h2">
              {t('exam.navigator')}
            </h2>
            <p>{t('exam.answeredCount', { answered: answeredCount, total: questions.length })}</p>
            <Navigator questions={questions} store={store} index={index} onGo={go} />
            <ul className="exam-legend">
              <li>
                <span className="exam-cell exam-cell-answered" aria-hidden /> {t('exam.legendAnswered')}
              </li>
              <li>
                <span className="exam-cell" aria-hidden /> {t('exam.legendUnanswered')}
              </li>
              <li>
                <span className="exam-cell exam-cell-flagged" aria-hidden /> {t('exam.legendFlagged')}
              </li>
              <li>
                <span className="exam-cell exam-cell-current" aria-hidden /> {t('exam.legendCurrent')}
              </li>
            </ul>
          </Card>
        </aside>
      </main>
      <Modal
        open={confirming}
        title={t('exam.submitConfirmTitle')}
        onCancel={() => setConfirming(false)}
        onOk={() => void submit()}
        okText={t('exam.submitNow')}
        cancelText={t('exam.keepWorking')}
        confirmLoading={submitting}
      >
        <p>{t('exam.submitConfirm')}</p>
        {unanswered.length ? (
          <Alert type="warning" showIcon title={t('exam.unansweredList', { count: unanswered.length, list: unanswered.join(', ') })} style={{ marginBottom: 8 }} />
        ) : (
          <Alert type="success" showIcon title={t('exam.allAnswered')} style={{ marginBottom: 8 }} />
        )}
        {flagged.length > 0 && <Alert type="info" showIcon icon={<FlagFilled />} title={t('exam.flaggedList', { count: flagged.length, list: flagged.join(', ') })} />}
      </Modal>
    </div>
  );
}

function Navigator({ questions, store, index, onGo }: { questions: Question[]; store: AnswerStore; index: number; onGo: (i: number) => void }) {
  const { t } = useTranslation();
  return (
    <ol className="exam-grid">
      {questions.map((q, i) => {
        const a = store.get(q.itemHandle);
        const states = [a?.optionHandle ? t('exam.legendAnswered') : t('exam.legendUnanswered'), a?.flagged ? t('exam.legendFlagged') : null].filter(Boolean).join(', ');
        const cls = ['exam-cell', a?.optionHandle ? 'exam-cell-answered' : '', a?.flagged ? 'exam-cell-flagged' : '', i === index ? 'exam-cell-current' : ''].join(' ');
        return (
          <li key={q.itemHandle}>
            <button type="button" className={cls} onClick={() => onGo(i)} aria-current={i === index ? 'step' : undefined} aria-label={`${t('exam.question', { n: q.number })}: ${states}`}>
              {q.number}
              {a?.flagged && <FlagFilled className="exam-cell-flag" aria-hidden />}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function SaveStatus({ lastSavedAt, saving, pending }: { lastSavedAt: string | null; saving: boolean; pending: number }) {
  const { t } = useTranslation();
  const text = saving ? t('exam.saving') : pending > 0 ? t('exam.unsaved', { count: pending }) : lastSavedAt ? t('exam.savedAt', { time: clockTime(lastSavedAt) }) : t('exam.notSavedYet');
  return (
    <span className={`exam-save${pending > 0 && !saving ? ' exam-save-pending' : ''}`} role="status" aria-live="polite" data-testid="save-status">
      {pending > 0 && !saving ? <CloudOutlined aria-hidden /> : <CheckCircleFilled aria-hidden />} {text}
    </span>
  );
}

function Finished({ registrationId, status, submittedAt, result }: { registrationId: string; status: string; submittedAt: string | null; result?: Submitted['result'] }) {
  const { t } = useTranslation();
  const submitted = useQuery({
    queryKey: ['exam', registrationId, 'submitted'],
    queryFn: () => call(api.POST('/exams/{registrationId}/submit', { params: { path: { registrationId } } })),
    enabled: result === undefined,
    // Submitting again is harmless (the same result comes back); keep trying while the network is down, and
    // every second while the answers are being graded.
    retry: (_, err) => !(err instanceof ApiError),
    refetchInterval: (query) => (query.state.data?.grading ? 1000 : false),
  });
  const r = result ?? submitted.data?.result ?? null;
  const at = submittedAt ?? submitted.data?.submittedAt ?? null;
  return (
    <main id="main" className="exam-plain">
      <Card style={{ maxWidth: 640, margin: '48px auto' }}>
        <div className="exam-finished">
          <CheckCircleTwoTone twoToneColor="#2e7d32" className="exam-finished-icon" aria-hidden />
          <h1 className="exam-h1">{status === 'AUTO_SUBMITTED' ? t('exam.autoSubmittedTitle') : t('exam.submittedTitle')}</h1>
          {at && <p className="exam-hint">{t('exam.submittedAt', { time: dateTime(at) })}</p>}
          {!r && result === undefined && submitted.data?.grading !== false && (
            <p className="exam-hint" role="status" data-testid="exam-grading">
              {t('exam.grading')}
            </p>
          )}
          {r && (
            <>
              <h2 className="exam-h2" data-testid="exam-score">
                {t('exam.score')}: {t('exam.scoreValue', { score: r.score, correct: r.correctCount, total: r.itemCount })}
              </h2>
              <p className="exam-hint">{t('exam.levelLater')}</p>
            </>
          )}
          <div className="exam-row" style={{ justifyContent: 'center' }}>
            <Link to="/results">
              <Button type="primary">{t('officer.seeResults')}</Button>
            </Link>
            <Link to="/">
              <Button>{t('exam.backHome')}</Button>
            </Link>
          </div>
        </div>
      </Card>
    </main>
  );
}
