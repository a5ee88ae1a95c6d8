import { ACT_DECISION_LABELS, type ActDecision, RATING_LABELS, type Rating } from '@pdca/domain/stages';
import {
  type ExternalOpinion,
  type ExternalReview,
  type ExternalReviewItem,
  useExternalReview,
} from '../api/external-reviews';
import { gradeLabel, useSettings } from '../api/settings';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { fiscalYearText, formatDate, formatDateTime, punct } from '../lib/format';
import { Link } from '../router';
import { BackLink, PageTitle, QueryView } from '../ui';
import { EvaluationSheetButton, EvaluationSheetLinks, externalReviewReport } from './EvaluationSheetLinks';
import { OpinionForm, RulingForm } from './ExternalReviewForms';

/**
 * One review round of the 外部評価委員会 (#25): the round, then one card per item with its grade and
 * 今後の方向性, its 評価シート and history, the opinions the caller may read, the member's own 意見
 * form, the chair's 委員会の評価 form, and the ruling once recorded. HQ and auditors read it all
 * and export the 外部評価報告書.
 */
export default function ExternalReviewPage({ reviewId }: { reviewId: string }) {
  const review = useExternalReview(reviewId);
  return (
    <section>
      <BackLink to="/external-reviews" />
      <QueryView query={review}>{(r) => <RoundView review={r} />}</QueryView>
    </section>
  );
}

function RoundView({ review: r }: { review: ExternalReview }) {
  const { t, l, lang } = useI18n();
  const { user, has } = useAuth();
  const chair = r.members.find((m) => m.chair);
  const p = punct(lang);
  return (
    <>
      <PageTitle>{r.title}</PageTitle>
      <dl className="meta submission-meta" data-testid="ext-meta">
        <div>
          <dt>{t('common.fiscalYear')}</dt>
          <dd>{l(fiscalYearText(r.fiscalYear))}</dd>
        </div>
        <div>
          <dt>{t('extReview.due')}</dt>
          <dd>
            {formatDate(r.dueAt, lang)}
            {r.overdue && r.status === 'open' && (
              <span className="text-danger"> {t('extReview.overdue')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('common.status')}</dt>
          <dd data-testid="ext-status">{t(`extReview.status.${r.status}`)}</dd>
        </div>
        <div>
          <dt>{t('extReview.ruled')}</dt>
          <dd>{t('extReview.ruledOf', { ruled: r.ruledCount, total: r.itemCount })}</dd>
        </div>
        <div>
          <dt>{t('extReview.chair')}</dt>
          <dd>{chair?.displayName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('extReview.members')}</dt>
          <dd data-testid="ext-members">
            {/* The 委員長 first, then the members in the round's order. */}
            {[...r.members]
              .sort((a, b) => Number(b.chair) - Number(a.chair))
              .map(
                (m) =>
                  `${m.displayName}${m.chair ? p.paren(t('extReview.chair')) : ''}${m.userId === user?.id ? t('extReview.round.you') : ''}`,
              )
              .join(lang === 'ja' ? '、' : ', ')}
          </dd>
        </div>
      </dl>
      {/* The report holds every member's 意見: a member exports it once every item is ruled (the
          server answers 409 before), HQ and auditors at any time. */}
      {!has('external_reviewer') || r.status === 'ruled' ? (
        <EvaluationSheetLinks sheet={externalReviewReport(r.id, r.title)} years={[r.fiscalYear]} />
      ) : (
        <p className="hint" data-testid="ext-report-later">
          {t('extReview.reportAfterRuling')}
        </p>
      )}
      <div className="ext-items">
        {/* In plan order, as the server lists them (and the report prints them). */}
        {r.items.map((item) => (
          <ItemCard key={item.itemId} review={r} item={item} />
        ))}
      </div>
    </>
  );
}

/** A grade and a decision as the city names them; a member, who cannot read settings, gets the product's words. */
function useItemLabels() {
  const { l } = useI18n();
  const { has } = useAuth();
  const settings = useSettings(undefined, { enabled: !has('external_reviewer') }).data?.settings;
  return {
    grade: (code: string) => {
      const own =
        settings?.ratings.hq.find((g) => g.code === code) ??
        settings?.ratings.self.find((g) => g.code === code);
      if (own) return gradeLabel(own, l);
      const product = RATING_LABELS[code as Rating];
      return product ? gradeLabel({ symbol: code, label: product }, l) : code;
    },
    decision: (code: string) => {
      const own = settings?.decisions.find((d) => d.code === code);
      if (own) return l(own.label);
      const product = ACT_DECISION_LABELS[code as ActDecision];
      return product ? l(product) : code;
    },
  };
}

function ItemCard({ review: r, item }: { review: ExternalReview; item: ExternalReviewItem }) {
  const { t, l, lang } = useI18n();
  const { user, has } = useAuth();
  const labels = useItemLabels();
  const member = r.members.some((m) => m.userId === user?.id);
  const isChair = r.chairUserId === user?.id;
  const own = item.opinions.find((o) => o.memberUserId === user?.id);
  const others = item.opinions.filter((o) => o.memberUserId !== user?.id);
  const ruled = !!item.ruling?.result;
  const p = punct(lang);
  const headingId = `ext-item-${item.itemId}`;
  return (
    <section
      className="card ext-item"
      aria-labelledby={headingId}
      data-testid="ext-item"
      data-item-code={item.code}
    >
      <h2 id={headingId}>
        {item.code} {item.title}
      </h2>
      <dl className="meta submission-meta">
        <div>
          <dt>{t('extReview.round.grade')}</dt>
          <dd>{item.grade ? labels.grade(item.grade) : '—'}</dd>
        </div>
        <div>
          <dt>{t('extReview.round.decision')}</dt>
          <dd>{item.decision ? labels.decision(item.decision) : '—'}</dd>
        </div>
        <div>
          <dt>{t('extReview.round.opinions')}</dt>
          <dd>{t('extReview.round.opinionCount', { n: item.opinionCount })}</dd>
        </div>
      </dl>
      <div className="actions">
        <EvaluationSheetButton
          itemId={item.itemId}
          itemCode={item.code}
          itemTitle={item.title}
          fiscalYear={r.fiscalYear}
        />
        {has('auditor', 'hq_admin', 'admin', 'external_reviewer') && (
          <Link to={`/audit/items/${item.itemId}`}>{t('extReview.round.history')}</Link>
        )}
      </div>
      <div className="ext-ruling" data-testid="ext-ruling">
        <h3>{t('extReview.round.ruling')}</h3>
        {ruled ? (
          <>
            <p className="ext-result">
              <span className="badge ext-ruled">{l(item.ruling?.resultLabel) || item.ruling?.result}</span>
              {item.ruling?.ruledAt && (
                <span className="meta">
                  {' '}
                  {t('extReview.round.ruledAt')}
                  {p.colon}
                  {formatDate(item.ruling.ruledAt, lang)}
                </span>
              )}
            </p>
            <blockquote>{item.ruling?.reason}</blockquote>
          </>
        ) : (
          <p>{t('extReview.round.notRuled')}</p>
        )}
        {/* The ruling starts the city's response: where it stands, and HQ's way to it. */}
        {item.responseId && item.responseStatus && (
          <p data-testid="ext-response">
            {t('extResponse.kind')}
            {p.colon}
            <span className={`badge status-${item.responseStatus}`}>
              {t(`policy.status.${item.responseStatus}`)}
            </span>{' '}
            {!member && (
              <Link to={`/external-responses/${item.responseId}`}>{t('extReview.round.openResponse')}</Link>
            )}
          </p>
        )}
      </div>
      {member ? (
        <>
          {/* Until the ruling the member's own 意見 stands in its form, to be sent again if need be. */}
          {ruled ? (
            own && <OpinionView opinion={own} title={t('extReview.round.ownOpinion')} />
          ) : (
            <OpinionForm review={r} item={item} own={own} />
          )}
          <div className="ext-opinions" data-testid="ext-others">
            <h3>{t('extReview.round.opinions')}</h3>
            {!item.opinionGiven ? (
              <p className="alert info">
                {t(ruled ? 'extReview.round.othersClosed' : 'extReview.round.othersAfter')}
              </p>
            ) : others.length === 0 ? (
              <p>{t('extReview.round.othersNone')}</p>
            ) : (
              others.map((o) => <OpinionView key={o.memberUserId} opinion={o} />)
            )}
          </div>
          {isChair && !ruled && <RulingForm review={r} item={item} />}
        </>
      ) : (
        <div className="ext-opinions" data-testid="ext-others">
          <h3>{t('extReview.round.opinions')}</h3>
          {item.opinions.length === 0 ? (
            <p>{t('extReview.round.noOpinions')}</p>
          ) : (
            item.opinions.map((o) => <OpinionView key={o.memberUserId} opinion={o} />)
          )}
        </div>
      )}
    </section>
  );
}

/** One member's 意見: who, their 評価区分（案）, the text, when (and which version). */
function OpinionView({ opinion: o, title }: { opinion: ExternalOpinion; title?: string }) {
  const { t, l, lang } = useI18n();
  const p = punct(lang);
  return (
    <article className="ext-opinion" data-testid="ext-opinion" data-member={o.memberUserId}>
      <h4>{title ?? o.memberName}</h4>
      <p>
        {t('extReview.round.result')}
        {p.colon}
        <strong>{l(o.resultLabel) || o.result}</strong>
      </p>
      <blockquote>{o.opinion}</blockquote>
      <p className="meta">
        {formatDateTime(o.submittedAt, lang)}
        {o.revision > 1 && t('extReview.round.revision', { n: o.revision })}
      </p>
    </article>
  );
}
