import { useState } from 'react';
import { type ExternalReviewSummary, useExternalReview, useExternalReviews } from '../api/external-reviews';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { fiscalYearText, formatDate } from '../lib/format';
import { useWorkingYear } from '../lib/use-working-year';
import { fiscalYearNow } from '../lib/working-year';
import { Link } from '../router';
import { TableHead } from '../tables';
import { FilterSelect, PageTitle, QueryView } from '../ui';
import { ExternalReviewCreateForm } from './ExternalReviewCreateForm';

/**
 * 外部評価 (#25): the review rounds. HQ and auditors choose a fiscal year and see all of the city's
 * rounds of it; a committee member (外部評価委員) sees the rounds they sit on. HQ's administrator
 * creates a round here.
 */
export default function ExternalReviewsPage() {
  const { t } = useI18n();
  const { has } = useAuth();
  const member = has('external_reviewer');
  return (
    <section>
      <PageTitle>{t('extReview.title')}</PageTitle>
      <p>{member ? t('extReview.memberIntro') : t('extReview.intro')}</p>
      {member ? <RoundList /> : <CityRounds />}
    </section>
  );
}

/** HQ's and auditors' view: a year's rounds, and for hq_admin the form that creates one. */
function CityRounds() {
  const { t, l } = useI18n();
  const { has } = useAuth();
  const working = useWorkingYear();
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const current = working.year ?? fiscalYearNow();
  const year = chosen ?? current;
  const years = [...new Set([...working.years, current, year])].sort((a, b) => a - b);
  return (
    <>
      <div className="actions" data-read-choice>
        <FilterSelect
          label={t('extReview.year')}
          value={year}
          options={years}
          optionLabel={(y) => l(fiscalYearText(y))}
          onChange={(v) => setChosen(Number(v))}
        />
        {has('hq_admin') && !creating && (
          <button type="button" onClick={() => setCreating(true)} data-write="ext-create-open">
            {t('extReview.create.open')}
          </button>
        )}
      </div>
      {creating && (
        <ExternalReviewCreateForm years={years} defaultYear={year} onClose={() => setCreating(false)} />
      )}
      <RoundList fiscalYear={year} />
    </>
  );
}

function RoundList({ fiscalYear }: { fiscalYear?: number }) {
  const { t } = useI18n();
  const rounds = useExternalReviews(fiscalYear);
  return (
    <QueryView query={rounds}>
      {(list) =>
        list.reviews.length === 0 ? (
          <p data-testid="ext-empty">{fiscalYear ? t('extReview.empty') : t('extReview.memberEmpty')}</p>
        ) : (
          <RoundTable rounds={list.reviews} own={!fiscalYear} />
        )
      }
    </QueryView>
  );
}

/** A member's own progress on a round: the items they gave an 意見 on (the round's GET says). */
function OwnProgress({ reviewId }: { reviewId: string }) {
  const { t } = useI18n();
  const round = useExternalReview(reviewId).data;
  if (!round) return <>…</>;
  const given = round.items.filter((i) => i.opinionGiven).length;
  return <>{t('extReview.ownOf', { given, total: round.items.length })}</>;
}

function RoundTable({ rounds, own }: { rounds: ExternalReviewSummary[]; own: boolean }) {
  const { t, l, lang } = useI18n();
  const [name, year, due, items, mine, ruled, status] = [
    t('extReview.name'),
    t('extReview.year'),
    t('extReview.due'),
    t('extReview.items'),
    t('extReview.round.ownOpinion'),
    t('extReview.ruled'),
    t('common.status'),
  ];
  return (
    <table className="data-table cards" data-testid="ext-rounds">
      <TableHead
        columns={[name, year, due, { label: items, num: true }, ...(own ? [mine] : []), ruled, status]}
      />
      <tbody>
        {rounds.map((r) => (
          <tr key={r.id} className={r.overdue && r.status === 'open' ? 'overdue' : undefined}>
            <td data-label={name}>
              <Link to={`/external-reviews/${r.id}`}>{r.title}</Link>
            </td>
            <td data-label={year}>{l(fiscalYearText(r.fiscalYear))}</td>
            <td data-label={due} className="nowrap">
              {formatDate(r.dueAt, lang)}
              {r.overdue && r.status === 'open' && (
                <span className="badge status-returned"> {t('extReview.overdue')}</span>
              )}
            </td>
            <td data-label={items} className="num">
              {r.itemCount}
            </td>
            {own && (
              <td data-label={mine} data-testid="ext-own-progress">
                <OwnProgress reviewId={r.id} />
              </td>
            )}
            <td data-label={ruled}>{t('extReview.ruledOf', { ruled: r.ruledCount, total: r.itemCount })}</td>
            <td data-label={status}>
              <span className={`badge ext-${r.status}`}>{t(`extReview.status.${r.status}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
