import { CYCLE_STATUS_LABELS, SUBMISSION_KIND_LABELS } from '@pdca/domain/stages';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { type Cycle, useCycle, useItem } from '../../api/queries';
import { useAuth } from '../../auth';
import { ReasonForm } from '../../forms/ReasonForm';
import { useSubmission } from '../../forms/use-submission';
import { useI18n } from '../../i18n';
import { formatDate, formatDateTime, fromJstInput, punct, toJstInput } from '../../lib/format';
import { BackLink, Field, FormMessage, QueryView } from '../../ui';
import { CarriedResponses } from '../CarriedResponses';
import { CycleHeader } from '../TaskPage';
import { AdminLayout } from './AdminLayout';

type Task = Schemas['TaskDto'];

const ENDED = new Set(['closed', 'withdrawn', 'completed']);

function MoveDeadlineForm({ task }: { task: Task }) {
  const { t } = useI18n();
  const [dueAt, setDueAt] = useState(() => toJstInput(task.dueAt));
  const sub = useSubmission(
    (body: { dueAt: string; reason: string }) =>
      unwrap(api.PATCH('/api/v1/tasks/{taskId}/deadline', { params: { path: { taskId: task.id } }, body })),
    ['dueAt', 'reason'],
  );
  const id = `deadline-${task.id}`;
  return (
    <ReasonForm
      sub={sub}
      onSubmit={(reason) => sub.submit({ dueAt: fromJstInput(dueAt), reason })}
      id={id}
      label={t('admin.cycle.moveDeadline')}
      reasonLabel={t('admin.cycle.reason')}
      success={t('admin.cycle.moved')}
      submitLabel={t('admin.cycle.moveSubmit')}
      write="move-deadline"
    >
      <Field id={`${id}-due`} label={t('admin.cycle.newDueAt')} error={sub.errors.get('dueAt')} required>
        {(aria) => (
          <input {...aria} type="datetime-local" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
        )}
      </Field>
    </ReasonForm>
  );
}

/** HQ opens a scheduled task before its opening date, with a reason (recorded in the ledger). */
function OpenEarlyForm({ task }: { task: Task }) {
  const { t } = useI18n();
  const sub = useSubmission(
    (body: { reason: string }) =>
      unwrap(api.POST('/api/v1/tasks/{taskId}/open', { params: { path: { taskId: task.id } }, body })),
    ['reason'],
  );
  return (
    <ReasonForm
      sub={sub}
      onSubmit={(reason) => sub.submit({ reason })}
      id={`open-${task.id}`}
      label={t('admin.cycle.openEarly')}
      hint={t('admin.cycle.openEarlyHint')}
      reasonLabel={t('admin.cycle.openReason')}
      success={t('admin.cycle.opened')}
      submitLabel={t('admin.cycle.openSubmit')}
      write="open-early"
    />
  );
}

function WithdrawForm({ cycle }: { cycle: Cycle }) {
  const { t } = useI18n();
  const sub = useSubmission(
    (body: { reason: string }) =>
      unwrap(
        api.POST('/api/v1/cycles/{cycleId}/withdraw', { params: { path: { cycleId: cycle.id } }, body }),
      ),
    ['reason'],
  );
  // Once withdrawn the form has nothing left to do: only the outcome stays.
  if (sub.done) return <FormMessage error={null} success={t('admin.cycle.withdrawn')} />;
  return (
    <ReasonForm
      sub={sub}
      onSubmit={(reason) => sub.submit({ reason })}
      id="withdraw"
      heading={t('admin.cycle.withdraw')}
      hint={t('admin.cycle.withdrawHint')}
      reasonLabel={t('admin.cycle.withdrawReason')}
      submitLabel={t('admin.cycle.withdrawSubmit')}
      write="withdraw"
      multiline
      className="card danger-zone"
      danger
    />
  );
}

/** One cycle for HQ administration: every task with its deadline and its moves; withdrawal. */
export default function AdminCyclePage({ cycleId }: { cycleId: string }) {
  const { t, lang, l } = useI18n();
  const p = punct(lang);
  const { has } = useAuth();
  const cycle = useCycle(cycleId);
  const item = useItem(cycle.data?.itemId);
  const title = cycle.data ? `${cycle.data.itemCode} ${cycle.data.itemTitle}` : t('admin.cycle.title');
  return (
    <AdminLayout title={title}>
      <BackLink to="/admin/cycles" />
      <QueryView query={cycle}>
        {(c) => {
          const ended = ENDED.has(c.status);
          // Only HQ administrators move deadlines (the API's rule); system administrators may withdraw.
          const canMove = !ended && has('hq_admin');
          return (
            <>
              {item.data && <CycleHeader cycle={c} item={item.data} />}
              {ended && (
                <p className="alert info" role="status">
                  {t('admin.cycle.ended', { status: l(CYCLE_STATUS_LABELS[c.status]) })}
                  {c.closeReason ? p.paren(c.closeReason) : ''}
                </p>
              )}
              {/* 外部評価 (#25): earlier years' approved responses and the leader's follow-up. */}
              <CarriedResponses cycle={c} />
              <h2>{t('admin.cycle.tasks')}</h2>
              <ul className="task-admin-list" data-testid="admin-tasks">
                {c.tasks.map((task) => {
                  const moves = c.deadlineChanges.filter((d) => d.taskId === task.id);
                  return (
                    <li key={task.id} className="card" data-task={task.id}>
                      <p className="task-line">
                        <strong>{l(task.title)}</strong>
                        {!l(task.title).startsWith(l(SUBMISSION_KIND_LABELS[task.kind])) &&
                          p.paren(l(SUBMISSION_KIND_LABELS[task.kind]))}
                        {p.gap}
                        {t('common.dueAt')}
                        {p.colon}
                        <span data-testid="due">{formatDate(task.dueAt, lang)}</span>
                        {task.overdue && task.status === 'open' && (
                          <strong className="text-danger">
                            {p.gap}
                            {t('common.overdue')}
                          </strong>
                        )}
                        {task.status === 'scheduled' && task.openAt && (
                          <span className="badge" data-testid="opens-on">
                            {p.gap}
                            {t('tasks.scheduled')}
                            {lang === 'ja' ? '・' : ' · '}
                            {t('tasks.opensOn', { date: formatDate(task.openAt, lang) })}
                          </span>
                        )}
                      </p>
                      {moves.length > 0 && (
                        <details>
                          <summary>
                            {t('admin.cycle.history')}
                            {p.paren(String(moves.length))}
                          </summary>
                          <ul>
                            {moves.map((m) => (
                              <li key={m.changedAt}>
                                {t('admin.cycle.historyLine', {
                                  at: formatDateTime(m.changedAt, lang),
                                  by: m.changedBy ?? '—',
                                  from: m.from ? formatDate(m.from, lang) : '—',
                                  to: m.to ? formatDate(m.to, lang) : '—',
                                })}
                                <br />
                                {t('tasks.deadlineReason', { reason: m.reason ?? '—' })}
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                      {canMove && (task.status === 'open' || task.status === 'scheduled') && (
                        <details className="move-deadline">
                          <summary>{t('admin.cycle.moveDeadline')}</summary>
                          <MoveDeadlineForm task={task} />
                        </details>
                      )}
                      {canMove && task.status === 'scheduled' && (
                        <details className="open-early">
                          <summary>{t('admin.cycle.openEarly')}</summary>
                          <OpenEarlyForm task={task} />
                        </details>
                      )}
                    </li>
                  );
                })}
              </ul>
              {!ended && <WithdrawForm cycle={c} />}
            </>
          );
        }}
      </QueryView>
    </AdminLayout>
  );
}
