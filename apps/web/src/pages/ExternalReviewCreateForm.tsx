import { problem, type ValidationProblem } from '@pdca/domain/validation-problem';
import { type FormEvent, useState } from 'react';
import {
  type CreateExternalReviewBody,
  createExternalReview,
  useExternalReviewers,
} from '../api/external-reviews';
import { useItems, usePlans } from '../api/queries';
import { gradeLabel, orderedDecisions, useSettings } from '../api/settings';
import type { FieldErrors } from '../forms/field-errors';
import { formLabels } from '../forms/form-labels';
import { Outcome } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { fiscalYearText } from '../lib/format';
import { navigate } from '../router';
import { CheckGroup, Choice, Field, FieldGroup } from '../ui';

/** The fields a 400 may name under a list: the list and each of its entries. */
const listPaths = (field: string, max: number) => [
  field,
  ...Array.from({ length: max }, (_, i) => `${field}[${i}]`),
];

/** Every problem the server named for `field` or one of its entries / parts, in one line. */
function errorsUnder(errors: FieldErrors, field: string): string | undefined {
  const found = [...errors]
    .filter(([path]) => path === field || path.startsWith(`${field}[`) || path.startsWith(`${field}.`))
    .map(([, message]) => message);
  return found.length > 0 ? [...new Set(found)].join(' ') : undefined;
}

const need = (field: string, ja: string, en: string) => problem(field, 'required', { ja, en });

/**
 * What must be there before the round is sent (the server checks it too, in its words): plain
 * sentences for the user, next to each field, without a request.
 */
function missing(body: CreateExternalReviewBody): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  if (!body.title.trim()) out.push(need('title', 'タイトルを入力してください。', 'Enter a title.'));
  if (!body.dueAt) out.push(need('dueAt', '意見の提出期限を選んでください。', 'Choose the due date.'));
  if (body.memberUserIds.length === 0)
    out.push(need('memberUserIds', '外部評価委員を1人以上選んでください。', 'Choose at least one member.'));
  if (!body.chairUserId)
    out.push(
      need(
        'chairUserId',
        '委員長を外部評価委員の中から選んでください。',
        'Choose the chair among the members.',
      ),
    );
  if (body.itemIds && body.itemIds.length === 0)
    out.push(need('itemIds', '改革項目を1件以上選んでください。', 'Choose at least one item.'));
  if (body.select && Object.keys(body.select).length === 0)
    out.push(need('select', '条件を1つ以上選んでください。', 'Choose at least one condition.'));
  return out;
}

/** Items shown at once in the hand-picked list; the search narrows the rest. */
const LIST_LIMIT = 60;

/**
 * HQ's 「外部評価を作成」 (#25): title, fiscal year, due date of the opinions, the members (users
 * holding external_reviewer) and their chair, and the items — by hand from the year's items, or by
 * a filter (grade, 今後の方向性, plan) the server resolves when it creates the round. Each problem the
 * server names stands next to its field; once created, the round's page opens.
 */
export function ExternalReviewCreateForm({
  years,
  defaultYear,
  onClose,
}: {
  years: number[];
  defaultYear: number;
  onClose: () => void;
}) {
  const { t, l } = useI18n();
  const [title, setTitle] = useState('');
  const [fiscalYear, setFiscalYear] = useState(defaultYear);
  const [due, setDue] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [chair, setChair] = useState('');
  const [how, setHow] = useState<'hand' | 'filter'>('hand');
  const [search, setSearch] = useState('');
  const [itemIds, setItemIds] = useState<string[]>([]);
  const [grades, setGrades] = useState<string[]>([]);
  const [decisions, setDecisions] = useState<string[]>([]);
  const [planId, setPlanId] = useState('');
  const reviewers = useExternalReviewers(true);
  // Every item of the city (its latest cycle): an item may be reviewed whatever its year's state.
  const items = useItems(undefined);
  const plans = usePlans();
  const settings = useSettings().data?.settings;
  // In the form's order: the summary lists the fields to look at as the form shows them.
  const named = (field: string, max: number, label: string) =>
    listPaths(field, max).map((path): [string, string] => [path, label]);
  const labels = formLabels(t, [
    ['title', t('extReview.create.name')],
    ['fiscalYear', t('extReview.create.fiscalYear')],
    ['dueAt', t('extReview.create.dueAt')],
    ...named('memberUserIds', 30, t('extReview.create.members')),
    ['chairUserId', t('extReview.create.chair')],
    ...named('itemIds', 100, t('extReview.items')),
    ['select', t('extReview.create.condition')],
    ...named('select.grade', 20, t('extReview.create.grade')),
    ...named('select.decision', 20, t('extReview.create.decision')),
    ['select.planId', t('extReview.create.plan')],
  ]);
  const sub = useSubmission(
    async (body: CreateExternalReviewBody) => {
      const created = await createExternalReview(body);
      navigate(`/external-reviews/${created.id}`);
      return created;
    },
    [
      'title',
      'fiscalYear',
      'dueAt',
      ...listPaths('memberUserIds', 30),
      'chairUserId',
      ...listPaths('itemIds', 100),
      'select',
      ...listPaths('select.grade', 20),
      ...listPaths('select.decision', 20),
      'select.planId',
    ],
    { labels, check: missing },
  );
  const e = sub.errors;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      title,
      fiscalYear,
      // The opinions are due by 17:00 Japan time of the chosen day.
      dueAt: /^\d{4}-\d{2}-\d{2}$/.test(due) ? `${due}T17:00:00+09:00` : due,
      memberUserIds: members,
      chairUserId: chair,
      ...(how === 'hand'
        ? { itemIds }
        : {
            select: {
              ...(grades.length > 0 ? { grade: grades } : {}),
              ...(decisions.length > 0 ? { decision: decisions } : {}),
              ...(planId ? { planId } : {}),
            },
          }),
    });
  };
  const reviewerList = reviewers.data?.items.filter((u) => u.active) ?? [];
  const chosenMembers = reviewerList.filter((u) => members.includes(u.id));
  const needle = search.trim().toLowerCase();
  const live = (items.data ?? []).filter((i) => !i.removal);
  const matching = live.filter(
    (i) => !needle || i.code.toLowerCase().includes(needle) || i.title.toLowerCase().includes(needle),
  );
  // What is chosen stays listed (and can be unticked) whatever the search shows.
  const shown = [
    ...live.filter((i) => itemIds.includes(i.id)),
    ...matching.filter((i) => !itemIds.includes(i.id)),
  ].slice(0, Math.max(LIST_LIMIT, itemIds.length));
  const gradeCodes = new Map<string, string>();
  for (const g of [...(settings?.ratings.hq ?? []), ...(settings?.ratings.self ?? [])])
    if (!gradeCodes.has(g.code)) gradeCodes.set(g.code, gradeLabel(g, l));
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="ext-create-title"
      className="card ext-create"
      data-testid="ext-create"
    >
      <h2 id="ext-create-title">{t('extReview.create.title')}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={false} focus />
      <Field
        id="title"
        label={t('extReview.create.name')}
        hint={t('extReview.create.nameHint')}
        error={e.get('title')}
        required
      >
        {(aria) => <input {...aria} value={title} onChange={(ev) => setTitle(ev.target.value)} />}
      </Field>
      <Field id="fiscalYear" label={t('extReview.create.fiscalYear')} error={e.get('fiscalYear')} required>
        {(aria) => (
          <Choice
            aria={aria}
            value={fiscalYear}
            options={years.map((y) => ({ value: y, label: l(fiscalYearText(y)) }))}
            onChange={(v) => setFiscalYear(Number(v))}
          />
        )}
      </Field>
      <Field
        id="dueAt"
        label={t('extReview.create.dueAt')}
        hint={t('extReview.create.dueHint')}
        error={e.get('dueAt')}
        required
      >
        {(aria) => <input {...aria} type="date" value={due} onChange={(ev) => setDue(ev.target.value)} />}
      </Field>
      {reviewers.data && reviewerList.length === 0 ? (
        <p className="alert info">{t('extReview.create.noReviewers')}</p>
      ) : (
        <CheckGroup
          legend={t('extReview.create.members')}
          name="members"
          options={reviewerList.map((u) => ({ value: u.id, label: `${u.displayName}（${u.email}）` }))}
          checked={members}
          onChange={(next) => {
            setMembers(next);
            if (!next.includes(chair)) setChair('');
          }}
          field="memberUserIds"
          error={errorsUnder(e, 'memberUserIds')}
        />
      )}
      <Field
        id="chairUserId"
        label={t('extReview.create.chair')}
        hint={t('extReview.create.chairHint')}
        error={e.get('chairUserId')}
        required
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={chair}
            options={chosenMembers.map((u) => ({ value: u.id, label: u.displayName }))}
            empty="—"
            onChange={setChair}
          />
        )}
      </Field>
      <FieldGroup
        legend={t('extReview.create.how')}
        field={how === 'hand' ? 'itemIds' : 'select'}
        error={how === 'hand' ? errorsUnder(e, 'itemIds') : (e.get('select') ?? e.get('itemIds'))}
      >
        <div className="check-grid">
          {(['hand', 'filter'] as const).map((h) => (
            <label key={h} className="radio">
              <input type="radio" name="how" checked={how === h} onChange={() => setHow(h)} />
              {t(h === 'hand' ? 'extReview.create.byHand' : 'extReview.create.byFilter')}
            </label>
          ))}
        </div>
        {how === 'hand' ? (
          <>
            <Field
              id="item-search"
              label={t('extReview.create.search')}
              hint={t('extReview.create.searchHint')}
            >
              {(aria) => (
                <input {...aria} type="search" value={search} onChange={(ev) => setSearch(ev.target.value)} />
              )}
            </Field>
            <p aria-live="polite" data-testid="ext-chosen-count">
              {t('extReview.create.chosen', { n: itemIds.length })}
            </p>
            {shown.length === 0 ? (
              <p>{t('extReview.create.noMatch')}</p>
            ) : (
              <CheckGroup
                legend={t('extReview.items')}
                name="items"
                options={shown.map((i) => ({ value: i.id, label: `${i.code} ${i.title}` }))}
                checked={itemIds}
                onChange={setItemIds}
                field="itemIds-list"
              />
            )}
          </>
        ) : (
          <>
            <p className="hint">{t('extReview.create.filterHint')}</p>
            <CheckGroup
              legend={t('extReview.create.grade')}
              options={[...gradeCodes].map(([value, label]) => ({ value, label }))}
              checked={grades}
              onChange={setGrades}
              field="select.grade"
              error={errorsUnder(e, 'select.grade')}
            />
            <CheckGroup
              legend={t('extReview.create.decision')}
              options={orderedDecisions(settings).map((d) => ({ value: d.code, label: l(d.label) }))}
              checked={decisions}
              onChange={setDecisions}
              field="select.decision"
              error={errorsUnder(e, 'select.decision')}
            />
            <Field id="select-plan" label={t('extReview.create.plan')} error={e.get('select.planId')}>
              {(aria) => (
                <Choice
                  aria={aria}
                  value={planId}
                  options={(plans.data ?? []).map((p) => ({ value: p.id, label: p.title }))}
                  empty={t('extReview.create.allPlans')}
                  onChange={setPlanId}
                />
              )}
            </Field>
          </>
        )}
      </FieldGroup>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="ext-create">
          {sub.busy ? t('common.submitting') : t('extReview.create.submit')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('extReview.create.cancel')}
        </button>
      </div>
    </form>
  );
}
