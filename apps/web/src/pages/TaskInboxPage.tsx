import { useState } from 'react';
import { type TaskEntry, useMyTasks, useWorkingGroups } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { daysUntil, formatDate, formatDaysLeft, formatFiscalYear } from '../lib/format';
import {
  filterInbox,
  INBOX_FILTERS,
  INBOX_PAGE_SIZE,
  type InboxFilter,
  inboxCounts,
  pageOf,
} from '../lib/task-inbox';
import { Link } from '../router';
import { Pager, TableHead } from '../tables';
import { PageTitle, QueryView, StageBadge, StatusBadge } from '../ui';

/**
 * Tasks, 50 to a page. Open tasks show the days left; scheduled ones (not open yet) show instead
 * the day they open, under their own heading.
 */
export function TaskTable({
  tasks,
  page,
  onPage,
  scheduled = false,
}: {
  tasks: TaskEntry[];
  page: number;
  onPage: (p: number) => void;
  scheduled?: boolean;
}) {
  const { t, lang, l } = useI18n();
  const view = pageOf(tasks, page);
  const now = new Date();
  if (tasks.length === 0) return <p>{t('tasks.empty')}</p>;
  const [due, left, code, item, what, stage, year] = [
    t('common.dueAt'),
    scheduled ? t('tasks.opensAt') : t('common.daysLeft'),
    t('common.code'),
    t('common.item'),
    t('tasks.task'),
    t('common.stage'),
    t('common.fiscalYear'),
  ];
  return (
    <>
      {/* At phone width each row is a card, each cell labelled by its column (data-label). */}
      <table className="data-table cards" data-testid="task-table">
        <TableHead columns={[due, left, code, item, what, stage, year]} />
        <tbody>
          {view.rows.map((task) => (
            <tr key={task.id} className={task.overdue ? 'overdue' : undefined}>
              <td data-label={due} className="nowrap">
                {formatDate(task.dueAt, lang)}
              </td>
              <td data-label={left} className={task.overdue ? 'text-danger nowrap' : 'nowrap'}>
                {task.status === 'open'
                  ? formatDaysLeft(daysUntil(task.dueAt, now), lang)
                  : task.status === 'scheduled'
                    ? t('tasks.opensOn', { date: formatDate(task.openAt, lang) })
                    : '—'}
              </td>
              {/* A review round has no code of its own. */}
              <td data-label={code}>{(task.node ? task.node.code : task.itemCode) || '—'}</td>
              <td data-label={item}>
                {/* A 施策評価: its own page (the items' results and the 担当部長's form). */}
                {task.kind === 'external_opinion' ? (
                  // A committee member's review round (外部評価): its id is the round's.
                  <Link to={`/external-reviews/${task.id}`}>{l(task.title)}</Link>
                ) : task.kind === 'verification' ? (
                  // A 検証チーム's 事業検証 round (#26): its id is the round's.
                  <Link to={`/verification-rounds/${task.verificationRoundId ?? task.id}`}>
                    {l(task.title)}
                  </Link>
                ) : task.kind === 'external_response' ? (
                  // 市の対応方針 to the committee's ruling on the item: its own page.
                  <Link to={`/external-responses/${task.externalResponseId ?? task.id}`}>
                    {task.itemTitle}
                  </Link>
                ) : task.node ? (
                  <Link to={`/policy-evaluations/${task.policyEvaluationId}`}>{task.node.title}</Link>
                ) : (
                  <Link to={`/cycles/${task.cycleId}/tasks/${task.id}`}>{task.itemTitle}</Link>
                )}
              </td>
              <td data-label={what}>
                {task.kind === 'external_opinion'
                  ? t('extReview.round.opinion')
                  : task.kind === 'verification'
                    ? l({ ja: '検証結果の入力', en: 'Record the findings' })
                    : l(task.title)}
                {task.cycleStatus === 'returned' && task.status === 'open' && (
                  <>
                    {' '}
                    <StatusBadge status="returned" />
                  </>
                )}
              </td>
              <td data-label={stage}>
                {task.cycleStage ? (
                  <StageBadge stage={task.cycleStage} />
                ) : task.kind === 'external_opinion' ? (
                  t('extReview.title')
                ) : task.kind === 'verification' ? (
                  l({ ja: '事業検証', en: 'Business verification' })
                ) : task.kind === 'external_response' ? (
                  t('extResponse.kind')
                ) : (
                  t('tasks.policyEvaluation')
                )}
              </td>
              <td data-label={year} className="nowrap">
                {formatFiscalYear(task.fiscalYear, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager view={view} total={tasks.length} size={INBOX_PAGE_SIZE} onPage={onPage} />
    </>
  );
}

export default function TaskInboxPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<InboxFilter>('open');
  const [page, setPage] = useState(0);
  const open = useMyTasks('open');
  const scheduled = useMyTasks('scheduled');
  const submitted = useMyTasks('submitted');
  const done = useMyTasks('done');
  const counts = open.data ? inboxCounts(open.data) : null;
  const doneCount = (submitted.data?.length ?? 0) + (done.data?.length ?? 0);
  // Tasks reach a working group's leader: a leader of no group would otherwise see empty lists only.
  // Only a leader is asked: the API refuses the groups to a committee member (外部評価委員).
  const { user, has } = useAuth();
  const groups = useWorkingGroups(has('wg_leader'));
  const leadsNoGroup = !!groups.data && !groups.data.some((g) => g.leader?.id === user?.id);

  const choose = (next: InboxFilter) => {
    setFilter(next);
    setPage(0);
  };

  return (
    <section>
      <PageTitle>{t('tasks.title')}</PageTitle>
      {leadsNoGroup && (
        <p className="alert info" role="status" data-testid="no-group">
          {t('tasks.noGroup')}
        </p>
      )}
      <fieldset className="tabs">
        <legend className="visually-hidden">{t('tasks.filter')}</legend>
        {INBOX_FILTERS.map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => choose(f)} className="tab">
            {t(`tasks.${f}`)}
            <span className="count">
              {f === 'done'
                ? doneCount
                : f === 'scheduled'
                  ? (scheduled.data?.length ?? '…')
                  : (counts?.[f] ?? '…')}
            </span>
          </button>
        ))}
      </fieldset>
      {filter === 'scheduled' ? (
        // Not open yet: listed apart, by opening date, each with the day it opens.
        <QueryView query={scheduled}>
          {(rows) => (
            <TaskTable
              tasks={[...rows].sort((a, b) => a.openAt.localeCompare(b.openAt))}
              page={page}
              onPage={setPage}
              scheduled
            />
          )}
        </QueryView>
      ) : filter === 'done' ? (
        <QueryView query={done}>
          {(rows) => (
            <TaskTable
              tasks={[...(submitted.data ?? []), ...rows].sort((a, b) => b.dueAt.localeCompare(a.dueAt))}
              page={page}
              onPage={setPage}
            />
          )}
        </QueryView>
      ) : (
        <QueryView query={open}>
          {(rows) => <TaskTable tasks={filterInbox(rows, filter)} page={page} onPage={setPage} />}
        </QueryView>
      )}
    </section>
  );
}
