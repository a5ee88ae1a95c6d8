import { ROLE_LABELS } from '@pdca/domain/stages';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { type UserAccount, useUsers, useWorkingGroups, type WorkingGroup } from '../../api/queries';
import { useSubmission } from '../../forms/use-submission';
import { useI18n } from '../../i18n';
import { punct } from '../../lib/format';
import { EditableRow, TableHead, useOpenRow } from '../../tables';
import { CheckGroup, Choice, Field, FormMessage, QueryView } from '../../ui';
import { AdminLayout } from './AdminLayout';

function GroupForm({
  group,
  users,
  onClose,
}: {
  group: WorkingGroup;
  users: UserAccount[];
  onClose: () => void;
}) {
  const { t, l, lang } = useI18n();
  const [leader, setLeader] = useState(group.leader?.id ?? '');
  const [members, setMembers] = useState(() => group.members.map((m) => m.id));
  const [reason, setReason] = useState('');
  const sub = useSubmission(
    (body: { leaderUserId: string | null; memberUserIds: string[]; reason: string }) =>
      unwrap(
        api.PATCH('/api/v1/working-groups/{workingGroupId}', {
          params: { path: { workingGroupId: group.id } },
          body,
        }),
      ),
    ['leaderUserId', 'memberUserIds', 'reason'],
  );
  const result = sub.data;
  const leaders = users.filter((u) => u.active && u.roles.includes('wg_leader'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({
      leaderUserId: leader || null,
      memberUserIds: members.filter((id) => id !== leader),
      reason,
    });
  };
  const id = `wg-${group.id}`;
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.groups.editTitle', { name: group.name })}</h3>
      <FormMessage
        error={sub.summary}
        extra={sub.unshown}
        success={sub.done ? t('admin.groups.saved', { n: result?.cyclesReassigned ?? 0 }) : undefined}
      />
      {result && result.cyclesFailed.length > 0 && (
        <FormMessage
          error={t('admin.groups.failed')}
          extra={result.cyclesFailed.map(
            (f) =>
              `${f.itemCode}${punct(lang).paren(String(f.fiscalYear))}${punct(lang).colon}${lang === 'ja' ? f.messageJa : f.messageEn}`,
          )}
        />
      )}
      <Field
        id={`${id}-leader`}
        label={l(ROLE_LABELS.wg_leader)}
        hint={t('admin.groups.leaderHint')}
        error={sub.errors.get('leaderUserId')}
      >
        {(aria) => (
          <Choice
            aria={aria}
            value={leader}
            options={leaders.map((u) => ({
              value: u.id,
              label: `${u.displayName}${punct(lang).paren(u.email)}`,
            }))}
            empty={t('admin.groups.noLeader')}
            onChange={setLeader}
          />
        )}
      </Field>
      <CheckGroup
        legend={t('admin.groups.members')}
        options={users
          .filter((u) => u.active && u.id !== leader)
          .map((u) => ({ value: u.id, label: u.displayName }))}
        checked={members}
        onChange={setMembers}
        field="memberUserIds"
        error={sub.errors.get('memberUserIds')}
      />
      <Field id={`${id}-reason`} label={t('admin.groups.reason')} error={sub.errors.get('reason')} required>
        {(aria) => <input {...aria} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy} data-write="save-group">
          {t('admin.groups.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('admin.groups.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Working groups with their leader and members; HQ reassigns them (running cycles follow). */
export default function GroupsPage() {
  const { t, l, lang } = useI18n();
  const groups = useWorkingGroups();
  const users = useUsers();
  const editing = useOpenRow();
  const [leaderLabel, membersLabel, itemsLabel] = [
    l(ROLE_LABELS.wg_leader),
    t('admin.groups.members'),
    t('admin.groups.items'),
  ];
  return (
    <AdminLayout title={t('admin.groups.title')}>
      <QueryView query={groups}>
        {(list) => (
          // At phone width each group is a card headed by its name, each value by its column.
          <table className="data-table cards" data-testid="working-groups">
            <TableHead
              columns={[
                t('common.workingGroup'),
                leaderLabel,
                membersLabel,
                { label: itemsLabel, num: true },
                { label: t('admin.groups.edit'), hidden: true },
              ]}
            />
            <tbody>
              {list.map((g) => (
                <EditableRow
                  key={g.id}
                  name={g.name}
                  {...editing.row(g.id)}
                  edit={{ label: t('admin.groups.edit'), write: 'edit-group' }}
                  colSpan={5}
                  cells={
                    <>
                      <td data-label={leaderLabel}>
                        {g.leader?.displayName ?? (
                          <span className="text-danger">{t('admin.groups.noLeader')}</span>
                        )}
                      </td>
                      <td data-label={membersLabel}>
                        {g.members.map((m) => m.displayName).join(lang === 'ja' ? '、' : ', ') || '—'}
                      </td>
                      <td data-label={itemsLabel} className="num">
                        {g.itemCount}
                      </td>
                    </>
                  }
                >
                  {() => (
                    <QueryView query={users}>
                      {(all) => <GroupForm group={g} users={all} onClose={editing.close} />}
                    </QueryView>
                  )}
                </EditableRow>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </AdminLayout>
  );
}
