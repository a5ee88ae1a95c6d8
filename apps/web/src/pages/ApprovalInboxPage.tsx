import { STAGE_LABELS, STAGES, type Stage, SUBMISSION_KIND_LABELS } from '@pdca/domain/stages';
import { useMemo, useState } from 'react';
import { usePendingApprovals } from '../api/queries';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear } from '../lib/format';
import { INBOX_PAGE_SIZE, pageOf } from '../lib/task-inbox';
import { Link } from '../router';
import { Pager, TableHead } from '../tables';

import { FilterSelect, PageTitle, QueryView, StageBadge } from '../ui';

/** Inbox kinds beside the items' stages (#25). */
const OTHER_KIND_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  external_response: { ja: '市の対応方針', en: 'City’s response' },
  verification: { ja: '事業検証', en: 'Business verification' },
};

/** What stands in the 段階 column and filter: a cycle's stage, or the kind a stageless row is. */
type Phase = Stage | 'policy_evaluation' | 'external_response' | 'verification';
const PHASES: readonly Phase[] = [...STAGES, 'policy_evaluation', 'external_response', 'verification'];

function phaseOf(a: {
  stage?: Stage | null;
  externalResponseId?: string | null;
  verificationRoundId?: string | null;
  node?: unknown;
}): Phase | null {
  if (a.stage) return a.stage;
  if (a.externalResponseId) return 'external_response';
  if (a.verificationRoundId) return 'verification';
  return a.node ? 'policy_evaluation' : null;
}

export default function ApprovalInboxPage() {
  const { t, lang, l } = useI18n();
  const { user } = useAuth();
  const pending = usePendingApprovals();
  const [stage, setStage] = useState<Phase | ''>('');
  const [fy, setFy] = useState<number | ''>('');
  const [page, setPage] = useState(0);
  // Nobody decides on their own submission: the server refuses it, the inbox does not offer it.
  const mine = useMemo(
    () => (pending.data ?? []).filter((a) => a.submittedBy !== user?.id),
    [pending.data, user],
  );
  const years = [...new Set(mine.map((a) => a.fiscalYear))].sort();
  const rows = mine
    .filter((a) => (!stage || phaseOf(a) === stage) && (!fy || a.fiscalYear === fy))
    .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  const view = pageOf(rows, page);
  const phaseLabel = (p: Phase) =>
    p === 'policy_evaluation'
      ? t('tasks.policyEvaluation')
      : p === 'external_response' || p === 'verification'
        ? l(OTHER_KIND_LABELS[p]!)
        : l(STAGE_LABELS[p]);
  const columns = [
    t('approvals.submittedAt'),
    t('common.code'),
    t('common.item'),
    t('approvals.submission'),
    t('common.stage'),
    t('approvals.step'),
    t('approvals.round'),
    t('common.fiscalYear'),
  ];
  return (
    <section>
      <PageTitle>{t('approvals.title')}</PageTitle>
      <div className="filters">
        <FilterSelect
          label={t('approvals.filterStage')}
          value={stage}
          options={PHASES}
          optionLabel={phaseLabel}
          all
          onChange={(v) => {
            setStage(v as Phase | '');
            setPage(0);
          }}
        />
        <FilterSelect
          label={t('approvals.filterFy')}
          value={fy}
          options={years}
          optionLabel={(y) => formatFiscalYear(y, lang)}
          all
          onChange={(v) => {
            setFy(v ? Number(v) : '');
            setPage(0);
          }}
        />
      </div>
      <QueryView query={pending}>
        {() =>
          rows.length === 0 ? (
            <p>{t('approvals.empty')}</p>
          ) : (
            <>
              {/* At phone width each row is a card, each cell labelled by its column (data-label). */}
              <table className="data-table cards" data-testid="approval-table">
                <TableHead columns={columns} />
                <tbody>
                  {view.rows.map((a) => (
                    <tr key={a.id}>
                      <td data-label={columns[0]} className="nowrap">
                        {formatDate(a.submittedAt, lang)}
                      </td>
                      <td data-label={columns[1]}>{a.node ? a.node.code : a.itemCode}</td>
                      <td data-label={columns[2]}>
                        {/* A 施策評価: its own page, with the decision on its step. */}
                        {a.node ? (
                          <Link to={`/policy-evaluations/${a.policyEvaluationId}`}>{a.node.title}</Link>
                        ) : a.externalResponseId ? (
                          // 市の対応方針 (#25): its own page, with the decision on its step.
                          <Link to={`/external-responses/${a.externalResponseId}`}>{a.itemTitle}</Link>
                        ) : a.verificationRoundId ? (
                          // 事業検証 (#26): the round's page, with the decision on the item's step.
                          <Link to={`/verification-rounds/${a.verificationRoundId}`}>{a.itemTitle}</Link>
                        ) : (
                          <Link to={`/cycles/${a.cycleId}/approvals/${a.id}`}>{a.itemTitle}</Link>
                        )}
                      </td>
                      <td data-label={columns[3]}>
                        {a.submissionKind === 'policy_evaluation'
                          ? t('tasks.policyEvaluation')
                          : a.submissionKind in SUBMISSION_KIND_LABELS
                            ? l(
                                SUBMISSION_KIND_LABELS[
                                  a.submissionKind as keyof typeof SUBMISSION_KIND_LABELS
                                ],
                              )
                            : l(
                                OTHER_KIND_LABELS[a.submissionKind] ?? {
                                  ja: a.submissionKind,
                                  en: a.submissionKind,
                                },
                              )}
                      </td>
                      <td data-label={columns[4]}>
                        {a.stage ? (
                          <StageBadge stage={a.stage} />
                        ) : phaseOf(a) ? (
                          phaseLabel(phaseOf(a)!)
                        ) : (
                          '—'
                        )}
                      </td>
                      <td data-label={columns[5]}>{l(a.stepLabel)}</td>
                      <td data-label={columns[6]} className="nowrap">
                        {t('approvals.roundN', { n: a.round })}
                      </td>
                      <td data-label={columns[7]} className="nowrap">
                        {formatFiscalYear(a.fiscalYear, lang)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager view={view} total={rows.length} size={INBOX_PAGE_SIZE} onPage={setPage} />
            </>
          )
        }
      </QueryView>
      {pending.data && pending.data.length > mine.length && <p className="hint">{t('approvals.own')}</p>}
    </section>
  );
}
