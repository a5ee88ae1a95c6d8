import { validateBudgetAmounts } from '@pdca/domain/budget-chain';
import { type FormEvent, useState } from 'react';
import {
  type ChainAmount,
  type ChainYear,
  type ItemBudgetBody,
  putItemBudget,
  useItemBudgets,
} from '../api/budgets';
import { useAuth } from '../auth';
import { moneyInput } from '../forms/field-errors';
import { MoneyInput } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { formatDate, formatFiscalYear, formatMoney, formatMoneyDelta } from '../lib/format';
import { TableHead } from '../tables';
import { BackLink, Field, FormMessage, PageTitle, QueryView } from '../ui';

/** Who may enter 査定額 and 当初予算額 (the API's BUDGET_WRITER_ROLES). */
export const BUDGET_WRITERS = ['finance', 'admin'] as const;

/**
 * An item's budget history (#26): per budget year 当初予算額（案） (the department's request) →
 * 査定額 (財政課) → 当初予算額 (議決) side by side with 予算への反映額 and the decisions behind it;
 * finance enters 査定額 and 当初予算額 here.
 */
export default function ItemBudgetPage({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const { has } = useAuth();
  const chain = useItemBudgets(itemId);
  return (
    <section>
      <BackLink to="/budget-status" />
      <QueryView query={chain}>
        {(c) => (
          <>
            <PageTitle>
              {c.item.code} {c.item.title} — {t('budgetChain.title')}
            </PageTitle>
            <p>{t('budgetChain.intro')}</p>
            {c.years.length === 0 ? <p>{t('budgetChain.empty')}</p> : <ChainTable years={c.years} />}
            <p className="hint">{t('budgetChain.adoptedNote')}</p>
            {c.years.some((y) => y.reflections.length > 0) && <Decisions years={c.years} />}
            {has(...BUDGET_WRITERS) && <BudgetAmountsForm itemId={itemId} years={c.years} />}
          </>
        )}
      </QueryView>
    </section>
  );
}

function ChainTable({ years }: { years: ChainYear[] }) {
  const { t, lang } = useI18n();
  const columns = ['requested', 'assessed', 'adopted', 'reflected'] as const;
  return (
    <table className="data-table cards" data-testid="budget-chain">
      <TableHead
        columns={[
          t('budgetChain.year'),
          // Amounts with who set them, when and why: wrapped text, so not right-aligned number cells.
          ...columns.map((c) => t(`budgetChain.${c}`)),
          t('budgetChain.budget'),
        ]}
      />
      <tbody>
        {years.map((y) => (
          <tr key={y.fiscalYear} data-year={y.fiscalYear}>
            <th scope="row" data-label={t('budgetChain.year')}>
              {formatFiscalYear(y.fiscalYear, lang)}
            </th>
            {columns.map((c) => (
              <td key={c} data-label={t(`budgetChain.${c}`)} data-amount={c}>
                <AmountCell amount={y[c]} />
              </td>
            ))}
            <td data-label={t('budgetChain.budget')}>
              {y.budget ? (
                <div>
                  {formatMoney(y.budget.amount, lang)}
                  <div className="hint">{t(`budgetChain.source.${y.budget.source}`)}</div>
                </div>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AmountCell({ amount }: { amount: ChainAmount | null }) {
  const { t, lang } = useI18n();
  if (!amount) return <>—</>;
  const who = [amount.setBy, amount.setAt ? formatDate(amount.setAt, lang) : null].filter(Boolean);
  // One block: at phone width the cell is its label and this, one under the other.
  return (
    <div>
      {formatMoney(amount.amount, lang)}
      <div className="hint">
        {t(`budgetChain.source.${amount.source}`)}
        {who.length > 0 && ` ${who.join(lang === 'ja' ? '・' : ', ')}`}
      </div>
      {amount.reason && <div className="hint">{amount.reason}</div>}
    </div>
  );
}

function Decisions({ years }: { years: ChainYear[] }) {
  const { t, lang, l } = useI18n();
  return (
    <>
      <h2>{t('budgetChain.decisions')}</h2>
      <ul data-testid="budget-decisions">
        {years.flatMap((y) =>
          y.reflections.map((r) => (
            <li key={r.id}>
              {t('budgetChain.decision', {
                fy: formatFiscalYear(r.sourceFiscalYear, lang),
                decision: l(r.decisionLabel),
                origin: t(`budgetChain.source.${r.origin}`),
                current: formatMoney(r.currentAmount, lang),
                proposed: `${formatFiscalYear(y.fiscalYear, lang)} ${formatMoney(r.proposedAmount, lang)}`,
                delta: formatMoneyDelta(r.delta, lang),
              })}
              {r.decidedBy && ` ${t('budgetChain.approvedBy', { name: r.decidedBy })}`}
            </li>
          )),
        )}
      </ul>
    </>
  );
}

const FIELDS = ['assessed', 'adopted', 'reason', 'fiscalYear'];

/** Finance's entry of 査定額 and/or 当初予算額 for one budget year, with the reason for the ledger. */
function BudgetAmountsForm({ itemId, years }: { itemId: string; years: ChainYear[] }) {
  const { t, lang } = useI18n();
  const known = years.map((y) => y.fiscalYear);
  // The years recorded, and the budget years being formulated or about to be (this year and the next two).
  const thisYear = new Date().getFullYear();
  const nextYear = thisYear + 1;
  const choices = [...new Set([...known, thisYear, nextYear, thisYear + 2])].sort((a, b) => a - b);
  const [year, setYear] = useState(nextYear);
  const [assessed, setAssessed] = useState('');
  const [adopted, setAdopted] = useState('');
  const [reason, setReason] = useState('');
  const sub = useSubmission((body: ItemBudgetBody) => putItemBudget(itemId, year, body), FIELDS, {
    check: (body) => validateBudgetAmounts(body),
  });
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    sub.submit({
      ...(assessed.trim() ? { assessed: moneyInput(assessed) } : {}),
      ...(adopted.trim() ? { adopted: moneyInput(adopted) } : {}),
      reason,
    });
  };
  const result = sub.data as { changed: boolean } | undefined;
  return (
    <form
      className="card budget-amounts-form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="budget-form-title"
    >
      <h2 id="budget-form-title">{t('budgetChain.formTitle')}</h2>
      <p className="hint">{t('budgetChain.formHint')}</p>
      <Field id="budget-year" label={t('budgetChain.year')} error={sub.errors.get('fiscalYear')}>
        {(aria) => (
          <select {...aria} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {choices.map((fy) => (
              <option key={fy} value={fy}>
                {formatFiscalYear(fy, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="budget-assessed" label={t('budgetChain.assessed')} error={sub.errors.get('assessed')}>
        {(aria) => <MoneyInput aria={aria} value={assessed} onChange={setAssessed} />}
      </Field>
      <Field id="budget-adopted" label={t('budgetChain.adopted')} error={sub.errors.get('adopted')}>
        {(aria) => <MoneyInput aria={aria} value={adopted} onChange={setAdopted} />}
      </Field>
      <Field id="budget-reason" label={t('budgetChain.reason')} error={sub.errors.get('reason')} required>
        {(aria) => (
          <textarea {...aria} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="budget-amounts">
          {sub.busy ? t('common.submitting') : t('budgetChain.submit')}
        </button>
      </div>
      <FormMessage
        error={sub.summary}
        extra={sub.unshown}
        success={result ? (result.changed ? t('budgetChain.saved') : t('budgetChain.unchanged')) : undefined}
      />
    </form>
  );
}
