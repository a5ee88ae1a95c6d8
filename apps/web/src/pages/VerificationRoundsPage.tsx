import { PROJECT_KIND_LABELS, PROJECT_KINDS } from '@pdca/domain/item-costs';
import { type FormEvent, useState } from 'react';
import { useUsers } from '../api/queries';
import {
  type CreateVerificationRoundBody,
  openVerificationRound,
  useVerificationRounds,
  type VerificationRoundSummary,
} from '../api/verification-rounds';
import { useAuth } from '../auth';
import { moneyInput } from '../forms/field-errors';
import { MoneyInput, Outcome } from '../forms/form-parts';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { fiscalYearText, formatDate } from '../lib/format';
import { useWorkingYear } from '../lib/use-working-year';
import { fiscalYearNow } from '../lib/working-year';
import { Link, navigate } from '../router';
import { TableHead } from '../tables';
import { CheckGroup, Field, FilterSelect, PageTitle, QueryView } from '../ui';

const W = {
  title: { ja: '事業検証', en: 'Business verification' },
  intro: {
    ja: '秋に事業を選んで検証チームが検証し、本部が改革項目ごとに決定します。前年度に方向性未決定とした項目は自動で対象になります。',
    en: 'In autumn a verification team examines chosen items and HQ decides each; items left undecided last year come in by themselves.',
  },
  year: { ja: '年度', en: 'Fiscal year' },
  name: { ja: '名称', en: 'Title' },
  findingsDue: { ja: '検証結果の入力期限', en: 'Findings due' },
  items: { ja: '改革項目', en: 'Items' },
  decided: { ja: '本部の決定', en: 'Decided' },
  status: { ja: '状況', en: 'Status' },
  empty: { ja: 'この年度の事業検証はありません。', en: 'No verification round in this year.' },
  open: { ja: '事業検証を開始する', en: 'Open a verification round' },
  kinds: { ja: '事業区分', en: 'Project kind' },
  minFullCost: { ja: 'フルコストがこの額以上（円・任意）', en: 'Full cost at least (yen, optional)' },
  team: { ja: '検証チーム', en: 'Verification team' },
  decisionDue: { ja: '本部の決定の期限', en: 'HQ’s decisions due' },
  start: { ja: '開始する', en: 'Open' },
} as const;

/** 事業検証 (#26): a year's rounds; HQ's administrator opens one here. */
export default function VerificationRoundsPage() {
  const { l } = useI18n();
  const { has } = useAuth();
  const working = useWorkingYear();
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [opening, setOpening] = useState(false);
  const current = working.year ?? fiscalYearNow();
  const year = chosen ?? current;
  const years = [...new Set([...working.years, current, year])].sort((a, b) => a - b);
  return (
    <section>
      <PageTitle>{l(W.title)}</PageTitle>
      <p>{l(W.intro)}</p>
      <div className="actions" data-read-choice>
        <FilterSelect
          label={l(W.year)}
          value={year}
          options={years}
          optionLabel={(y) => l(fiscalYearText(y))}
          onChange={(v) => setChosen(Number(v))}
        />
        {has('hq_admin') && !opening && (
          <button type="button" onClick={() => setOpening(true)}>
            {l(W.open)}
          </button>
        )}
      </div>
      {opening && <OpenForm fiscalYear={year} />}
      <RoundList fiscalYear={year} />
    </section>
  );
}

function RoundList({ fiscalYear }: { fiscalYear: number }) {
  const { l, lang } = useI18n();
  const rounds = useVerificationRounds(fiscalYear);
  const columns = [l(W.name), l(W.findingsDue), { label: l(W.items), num: true }, l(W.decided), l(W.status)];
  return (
    <QueryView query={rounds}>
      {(list) =>
        list.rounds.length === 0 ? (
          <p>{l(W.empty)}</p>
        ) : (
          <table className="data-table cards" data-testid="verification-rounds">
            <TableHead columns={columns} />
            <tbody>
              {list.rounds.map((r: VerificationRoundSummary) => (
                <tr key={r.id}>
                  <td data-label={l(W.name)}>
                    <Link to={`/verification-rounds/${r.id}`}>{r.title}</Link>
                  </td>
                  <td data-label={l(W.findingsDue)} className="nowrap">
                    {formatDate(r.findingsDueAt, lang)}
                  </td>
                  <td data-label={l(W.items)} className="num">
                    {r.itemCount}
                  </td>
                  <td data-label={l(W.decided)}>{`${r.decidedCount}／${r.itemCount}`}</td>
                  <td data-label={l(W.status)}>{l(r.statusLabel)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryView>
  );
}

const atFive = (day: string) => (/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T17:00:00+09:00` : day);

function OpenForm({ fiscalYear }: { fiscalYear: number }) {
  const { l } = useI18n();
  const users = useUsers();
  const [title, setTitle] = useState('');
  const [kinds, setKinds] = useState<string[]>([]);
  const [minCost, setMinCost] = useState('');
  const [team, setTeam] = useState<string[]>([]);
  const [findingsDue, setFindingsDue] = useState('');
  const [decisionDue, setDecisionDue] = useState('');
  const sub = useSubmission(
    async (body: CreateVerificationRoundBody) => {
      const round = await openVerificationRound(body);
      navigate(`/verification-rounds/${round.id}`);
      return round;
    },
    ['title', 'select', 'itemIds', 'teamUserIds', 'findingsDueAt', 'decisionDueAt'],
    {
      labels: new Map([
        ['title', l(W.name)],
        ['select', l(W.kinds)],
        ['itemIds', l(W.kinds)],
        ['teamUserIds', l(W.team)],
        ['findingsDueAt', l(W.findingsDue)],
        ['decisionDueAt', l(W.decisionDue)],
      ]),
    },
  );
  const e = sub.errors;
  const cost = moneyInput(minCost);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      fiscalYear,
      title,
      select: {
        ...(kinds.length > 0 ? { projectKind: kinds } : {}),
        ...(cost === null ? {} : { minFullCost: cost }),
      },
      teamUserIds: team,
      findingsDueAt: atFive(findingsDue),
      decisionDueAt: atFive(decisionDue),
    } as CreateVerificationRoundBody);
  };
  const people = (users.data ?? []).filter((u) => !u.roles.includes('external_reviewer'));
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={l(W.open)}
      className="card"
      data-testid="verification-open"
    >
      <h2>{l(W.open)}</h2>
      <Outcome summary={sub.summary} unshown={sub.unshown} done={sub.done} />
      <Field id="title" label={l(W.name)} error={e.get('title')} required>
        {(aria) => <input {...aria} value={title} onChange={(ev) => setTitle(ev.target.value)} />}
      </Field>
      <CheckGroup
        legend={l(W.kinds)}
        options={PROJECT_KINDS.map((kind) => ({ value: kind, label: l(PROJECT_KIND_LABELS[kind]) }))}
        checked={kinds}
        onChange={(v) => setKinds([...v])}
        field="select"
        error={e.get('select') ?? e.get('itemIds')}
      />
      <Field id="minFullCost" label={l(W.minFullCost)} error={e.get('select.minFullCost')}>
        {(aria) => <MoneyInput aria={aria} value={minCost} onChange={setMinCost} />}
      </Field>
      <CheckGroup
        legend={l(W.team)}
        options={people.map((u) => ({ value: u.id, label: u.displayName }))}
        checked={team}
        onChange={(v) => setTeam([...v])}
        field="teamUserIds"
        error={e.get('teamUserIds') ?? e.get('teamUserIds[0]')}
      />
      <Field id="findingsDueAt" label={l(W.findingsDue)} error={e.get('findingsDueAt')} required>
        {(aria) => (
          <input
            {...aria}
            type="date"
            value={findingsDue}
            onChange={(ev) => setFindingsDue(ev.target.value)}
          />
        )}
      </Field>
      <Field id="decisionDueAt" label={l(W.decisionDue)} error={e.get('decisionDueAt')} required>
        {(aria) => (
          <input
            {...aria}
            type="date"
            value={decisionDue}
            onChange={(ev) => setDecisionDue(ev.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={sub.busy}>
        {l(W.start)}
      </button>
    </form>
  );
}
