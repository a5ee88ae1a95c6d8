import { SUBMISSION_KIND_LABELS, type SubmissionKind } from '@pdca/domain/stages';
import type { ComponentType } from 'react';
import type { Schemas } from '../api/client';
import { type Cycle, type Item, useCycle, useItem } from '../api/queries';
import { useAuth } from '../auth';
import { ActionForm } from '../forms/ActionForm';
import { ApprovedPlan } from '../forms/ApprovedPlan';
import { ExecutionReportForm, ReviewForm } from '../forms/DoForms';
import { EvaluationForm } from '../forms/EvaluationForm';
import { PlanForm } from '../forms/PlanForm';
import { useI18n } from '../i18n';
import {
  daysUntil,
  formatDate,
  formatDateTime,
  formatDaysLeft,
  formatFiscalYear,
  formatMoney,
  punct,
} from '../lib/format';
import { Link } from '../router';
import { BackLink, PageTitle, QueryView, StageBadge, StatusBadge } from '../ui';
import { CarriedResponses } from './CarriedResponses';
import { EvaluationSheetButton, useMayExportSheet } from './EvaluationSheetLinks';
import { ItemCostsPanel } from './ItemCostsPanel';

type Task = Schemas['TaskDto'];
type Approval = Schemas['ApprovalWithPayloadDto'];

const FORMS: Record<
  SubmissionKind,
  ComponentType<{ cycle: Cycle; item: Item; task: Task; resubmit: boolean }>
> = {
  plan: PlanForm,
  review: ReviewForm,
  execution_report: ExecutionReportForm,
  evaluation: EvaluationForm,
  action: ActionForm,
};

/** The DO stage's reports, made against the approved plan (shown above their form). */
const DO_KINDS: ReadonlySet<SubmissionKind> = new Set(['review', 'execution_report']);

/** The tasks that show the 市の対応方針 of earlier years' external reviews (#25). */
const CARRIED_KINDS: ReadonlySet<SubmissionKind> = new Set(['plan', 'evaluation']);

/** The latest HQ return of this kind of submission, when the cycle is waiting for a resubmission. */
export function latestReturn(cycle: Cycle, kind: SubmissionKind): Approval | null {
  if (cycle.status !== 'returned') return null;
  const returned = cycle.approvals.filter((a) => a.submissionKind === kind && a.status === 'returned');
  return returned.sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? '')).at(-1) ?? null;
}

/** The item's heading block: code, title, fiscal year, stage and status, working group, budget. */
export function CycleHeader({ cycle, item }: { cycle: Cycle; item: Item }) {
  const { t, lang } = useI18n();
  return (
    <dl className="summary-grid">
      <div>
        <dt>{t('common.fiscalYear')}</dt>
        <dd>{formatFiscalYear(cycle.fiscalYear, lang)}</dd>
      </div>
      <div>
        <dt>{t('common.stage')}</dt>
        <dd>
          <StageBadge stage={cycle.stage} /> <StatusBadge status={cycle.status} />
        </dd>
      </div>
      <div>
        <dt>{t('common.workingGroup')}</dt>
        <dd>{item.workingGroup?.name ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('budget.current')}</dt>
        <dd>{formatMoney(item.budgetCurrentAmount, lang)}</dd>
      </div>
    </dl>
  );
}

/** HQ moved this task's deadline: when, who, from and to, and why (the latest move first). */
function DeadlineMoves({ cycle, taskId }: { cycle: Cycle; taskId: string }) {
  const { t, lang } = useI18n();
  const moves = cycle.deadlineChanges.filter((d) => d.taskId === taskId).reverse();
  if (moves.length === 0) return null;
  return (
    <ul className="alert info deadline-moves" data-testid="deadline-moves">
      {moves.map((m) => (
        <li key={m.changedAt}>
          {t('tasks.deadlineMoved', {
            from: m.from ? formatDate(m.from, lang) : '—',
            to: m.to ? formatDate(m.to, lang) : '—',
            at: formatDateTime(m.changedAt, lang),
            by: m.changedBy ?? '—',
          })}
          <br />
          {t('tasks.deadlineReason', { reason: m.reason ?? '—' })}
        </li>
      ))}
    </ul>
  );
}

function ReturnNotice({ approval }: { approval: Approval }) {
  const { t, lang, l } = useI18n();
  return (
    <section className="alert warn" aria-labelledby="returned-title" data-testid="returned-comment">
      <h2 id="returned-title">{t('plan.returnedTitle')}</h2>
      <p className="meta">
        {t('plan.returnedBy', {
          at: approval.decidedAt ? formatDateTime(approval.decidedAt, lang) : '',
          step: l(approval.stepLabel),
        })}
      </p>
      <blockquote>{approval.comment}</blockquote>
      <p>{t('plan.prefilled')}</p>
    </section>
  );
}

export default function TaskPage({ cycleId, taskId }: { cycleId: string; taskId: string }) {
  const { t, lang, l } = useI18n();
  const p = punct(lang);
  const { has } = useAuth();
  const cycle = useCycle(cycleId);
  const item = useItem(cycle.data?.itemId);
  // The item's 評価シート for its leader (and HQ/auditors), by the API's own rule.
  const maySheet = useMayExportSheet(item.data?.workingGroup?.leaderUserId);
  return (
    <section>
      <BackLink to="/tasks" />
      <QueryView query={cycle}>
        {(c) => (
          <>
            <PageTitle>
              {c.itemCode} {c.itemTitle}
            </PageTitle>
            <QueryView query={item}>
              {(it) => {
                const task = c.tasks.find((x) => x.id === taskId);
                if (!task) return <p>{t('errors.notFound')}</p>;
                const returned = latestReturn(c, task.kind);
                const Form = FORMS[task.kind];
                const canSubmit =
                  task.status === 'open' && has('wg_leader') && !(c.awaitingApproval && !returned);
                return (
                  <>
                    <CycleHeader cycle={c} item={it} />
                    {maySheet && (
                      <EvaluationSheetButton
                        itemId={it.id}
                        itemCode={c.itemCode}
                        itemTitle={c.itemTitle}
                        fiscalYear={c.fiscalYear}
                      />
                    )}
                    <p className="task-line">
                      <strong>{l(task.title)}</strong>
                      {/* The kind only when the title does not say it already (進捗報告（第1四半期）（進捗報告）). */}
                      {!l(task.title).startsWith(l(SUBMISSION_KIND_LABELS[task.kind])) &&
                        p.paren(l(SUBMISSION_KIND_LABELS[task.kind]))}
                      {p.gap}
                      {t('common.dueAt')}
                      {p.colon}
                      {/* A date and 「あと14日」 are not broken inside. */}
                      <span className="nowrap">{formatDate(task.dueAt, lang)}</span>
                      {task.status === 'open' && (
                        <>
                          {p.gap}
                          <span className={task.overdue ? 'text-danger nowrap' : 'nowrap'}>
                            {formatDaysLeft(daysUntil(task.dueAt), lang)}
                          </span>
                        </>
                      )}
                    </p>
                    <DeadlineMoves cycle={c} taskId={task.id} />
                    {returned && <ReturnNotice approval={returned} />}
                    {DO_KINDS.has(task.kind) && <ApprovedPlan cycle={c} item={it} />}
                    {/* 外部評価 (#25): the responses approved in earlier years, for the plan; the
                        evaluation asks how each was carried out (saved apart from the form). */}
                    {CARRIED_KINDS.has(task.kind) && <ItemCostsPanel itemId={it.id} />}
                    {CARRIED_KINDS.has(task.kind) && (
                      <CarriedResponses
                        cycle={c}
                        editable={
                          task.kind === 'evaluation' && has('wg_leader') && task.status !== 'scheduled'
                        }
                      />
                    )}
                    {canSubmit ? (
                      <Form
                        key={`${c.id}-${task.id}-${c.approvals.length}`}
                        cycle={c}
                        item={it}
                        task={task}
                        resubmit={!!returned}
                      />
                    ) : (
                      <p className="alert info" role="status">
                        {task.status === 'scheduled'
                          ? `${t('tasks.scheduled')}${p.colon}${t('tasks.opensOn', { date: formatDate(task.openAt ?? task.dueAt, lang) })}`
                          : task.status === 'submitted' || (task.status === 'open' && c.awaitingApproval)
                            ? t('common.submitted')
                            : t('cycle.noOpenTask')}
                      </p>
                    )}
                    {/* What was sent and how HQ decided each round, read-only (#28 point 4). */}
                    {(c.approvals.some((a) => a.submissionKind === task.kind) ||
                      c.reviews.some((r) => r.taskId === task.id)) && (
                      <p>
                        <Link
                          to={`/cycles/${c.id}/tasks/${task.id}/submission`}
                          data-testid="view-submission"
                        >
                          {t('feedback.view')}
                        </Link>
                      </p>
                    )}
                  </>
                );
              }}
            </QueryView>
          </>
        )}
      </QueryView>
    </section>
  );
}
