// Pieces the coordinator's console and the reviewer's workspace share: a cycle's timeline with today on it, the
// next deadline, list status tags, and table state kept in the URL (so a link shows the same page to a colleague).
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Steps, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../api/client';
import { dateOnly, dateTime } from '../../time';
import './console.css';

export type CycleView = ResponseOf<'/cycles/{id}', 'get'>;
export type Timeline = CycleView['timeline'];
export type ListStatus = ResponseOf<'/cycles/{id}/lists/{unitId}', 'get'>['status'];

export const TIMELINE_FIELDS = ['registrationOpensAt', 'registrationClosesAt', 'listsDueAt', 'examStartsAt', 'examEndsAt', 'closesAt'] as const;

/** The timeline's steps as people name them, the workflow phases each covers and their dates. */
const STEPS = [
  { key: 'registration', phases: ['REGISTRATION_OPEN'], from: 'registrationOpensAt', to: 'registrationClosesAt' },
  { key: 'review', phases: ['VERIFICATION', 'REVIEW'], from: 'registrationClosesAt', to: 'listsDueAt' },
  { key: 'lists', phases: ['LISTS_DUE', 'SCHEDULING'], from: 'listsDueAt', to: 'examStartsAt' },
  { key: 'exam', phases: ['EXAM_WINDOW'], from: 'examStartsAt', to: 'examEndsAt' },
  { key: 'results', phases: ['GRADING', 'LEVELS', 'FOLLOW_UP'], from: 'examEndsAt', to: 'closesAt' },
  { key: 'closed', phases: ['CLOSED'], from: 'closesAt', to: null },
] as const;

export const STATUS_COLOR: Record<string, string> = { RUNNING: 'blue', CLOSED: 'green', CANCELLED: 'red', DRAFT: 'default' };
export const LIST_COLOR: Record<ListStatus, string> = { DRAFT: 'default', SUBMITTED: 'blue', RETURNED: 'orange', APPROVED: 'green' };

/** The first date of the timeline still ahead, or null. */
export function nextDeadline(timeline: Timeline, now = Date.now()): { field: (typeof TIMELINE_FIELDS)[number]; at: string } | null {
  const field = TIMELINE_FIELDS.find((f) => new Date(timeline[f]).getTime() > now);
  return field ? { field, at: timeline[field] } : null;
}

/** "in 12 days" / "in 5 hours" / "passed". */
export function useTimeLeft() {
  const { t } = useTranslation();
  return useCallback(
    (at: string, now = Date.now()) => {
      const ms = new Date(at).getTime() - now;
      if (ms <= 0) return t('cycles.passed');
      const days = Math.floor(ms / 86_400_000);
      return days >= 1 ? t('cycles.inDays', { count: days }) : t('cycles.inHours', { count: Math.max(1, Math.floor(ms / 3_600_000)) });
    },
    [t],
  );
}

export function NextDeadline({ timeline }: { timeline: Timeline }) {
  const { t } = useTranslation();
  const left = useTimeLeft();
  const next = nextDeadline(timeline);
  if (!next) return <Typography.Text type="secondary">{t('cycles.noDeadline')}</Typography.Text>;
  return (
    <span>
      {t(`cycles.deadline.${next.field}`)}: {dateTime(next.at)} <Typography.Text type="secondary">({left(next.at)})</Typography.Text>
    </span>
  );
}

/** The cycle's phases on a line with their dates; the live phase is the current step. */
export function CycleTimeline({ timeline, phase, status }: { timeline: Timeline; phase: string; status: string }) {
  const { t } = useTranslation();
  const index = STEPS.findIndex((s) => (s.phases as readonly string[]).includes(phase));
  const current = status === 'CLOSED' || phase === 'CLOSED' ? STEPS.length - 1 : index;
  const now = Date.now();
  const todayStep = STEPS.find((s) => new Date(timeline[s.from]).getTime() <= now && (!s.to || now < new Date(timeline[s.to]).getTime()));
  return (
    <div>
      <Steps
        size="small"
        titlePlacement="vertical"
        current={current}
        status={status === 'CANCELLED' ? 'error' : current === STEPS.length - 1 ? 'finish' : 'process'}
        items={STEPS.map((s) => {
          const dates = s.to ? `${dateOnly(timeline[s.from])} – ${dateOnly(timeline[s.to])}` : dateOnly(timeline[s.from]);
          return {
            title: t(`cycles.step.${s.key}`),
            // Today marked on the step whose dates hold it, whatever phase the workflow has reached.
            description: s === todayStep ? (
              <>
                {dates}
                <br />
                <Tag color="gold">
                  {t('cycles.todayMark')}
                </Tag>
              </>
            ) : (
              dates
            ),
          };
        })}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('cycles.today', { date: dateOnly(now) })}
        {current >= 0 && ` · ${t('cycles.livePhase')}: ${t(`phases.${phase}`, { defaultValue: phase })}`}
      </Typography.Paragraph>
    </div>
  );
}

export function ListStatusTag({ status, escalated, lateDays }: { status: ListStatus | null; escalated?: boolean; lateDays?: number | null }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      <Tag color={status ? LIST_COLOR[status] : 'default'}>{status ? t(`lists.status.${status}`) : t('cycles.noList')}</Tag>
      {escalated && <Tag color="red">{t('cycles.escalated')}</Tag>}
      {!escalated && status !== 'APPROVED' && lateDays != null && lateDays > 0 && <Tag color="red">{t('cycles.overdue', { count: lateDays })}</Tag>}
    </span>
  );
}

/** A countdown a person reads at a glance: "12 ngày 3 giờ", "5 giờ 20 phút". */
export function useCountdown() {
  const { t } = useTranslation();
  return useCallback(
    (at: string) => {
      const ms = Math.max(0, new Date(at).getTime() - Date.now());
      const days = Math.floor(ms / 86_400_000);
      const hours = Math.floor((ms % 86_400_000) / 3_600_000);
      const minutes = Math.floor((ms % 3_600_000) / 60_000);
      return days ? t('lists.left.days', { days, hours }) : t('lists.left.hours', { hours, minutes });
    },
    [t],
  );
}

/**
 * Table state (page, page size, filters) in the URL's query string. Changing a filter goes back to page 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const v = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
    return { ...v, page: Number(params.get('page') ?? 1) || 1, pageSize: Number(params.get('pageSize') ?? 20) || 20 };
  }, [params, keys]);
  const set = useCallback(
    (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, set] as const;
}

/**
 * A table's sort kept in the URL as "key" or "-key" (descending), for a table the server sorts: the sort in force,
 * the props of a sortable column, and the table's onChange (a new sort goes back to page 1).
 */
export function urlSort<K extends string>(
  keys: readonly K[],
  value: string | undefined,
  setState: (patch: { sort?: string; page?: number; pageSize?: number }) => void,
) {
  const key = keys.find((k) => value === k || value === `-${k}`);
  const param = key ? (value as K | `-${K}`) : undefined;
  const column = (k: K) => ({ key: k, sorter: true, sortOrder: key === k ? (param!.startsWith('-') ? ('descend' as const) : ('ascend' as const)) : null });
  type Sorted = { order?: 'ascend' | 'descend' | null; columnKey?: unknown };
  const onChange = (p: { current?: number; pageSize?: number }, _filters: unknown, sorted: Sorted | Sorted[]) => {
    const chosen = Array.isArray(sorted) ? sorted[0] : sorted;
    const next = chosen?.order ? `${chosen.order === 'descend' ? '-' : ''}${String(chosen.columnKey)}` : undefined;
    if (next !== param) setState({ sort: next, page: 1 });
    else setState({ page: p.current, pageSize: p.pageSize });
  };
  return { param, column, onChange };
}

/**
 * A wide table scrolls sideways inside its own box; the box must be reachable by keyboard (WCAG 2.1.1), so it
 * gets a tab stop and a name. Wrap the table: <KeyboardScroll label="…"><Table scroll={{ x: … }} /></KeyboardScroll>.
 */
export function KeyboardScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const mark = () =>
      ref.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body').forEach((el) => {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label);
      });
    mark();
    const observer = new MutationObserver(mark);
    if (ref.current) observer.observe(ref.current, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label]);
  return <div ref={ref}>{children}</div>;
}
