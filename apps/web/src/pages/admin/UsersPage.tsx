import { ROLE_LABELS, ROLES, type Role } from '@pdca/domain/stages';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { type UserAccount, useUsers } from '../../api/queries';
import { useAuth } from '../../auth';
import { useSubmission } from '../../forms/use-submission';
import { useI18n } from '../../i18n';
import { EditableRow, TableHead, useOpenRow } from '../../tables';
import { CheckGroup, Field, FormMessage, QueryView } from '../../ui';
import { AdminLayout } from './AdminLayout';

function RoleChoices({
  name,
  roles,
  onChange,
  error,
}: {
  name: string;
  roles: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
}) {
  const { t, l } = useI18n();
  return (
    <CheckGroup
      legend={t('admin.users.roles')}
      name={name}
      options={ROLES.map((role) => ({ value: role, label: l(ROLE_LABELS[role]) }))}
      checked={roles}
      onChange={onChange}
      field="roles"
      error={error}
    />
  );
}

function AddUserForm() {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['wg_leader']);
  const sub = useSubmission(
    (body: { displayName: string; email: string; password: string; roles: Role[] }) =>
      unwrap(api.POST('/api/v1/users', { body })),
    ['displayName', 'email', 'password', 'roles'],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ displayName, email: email.trim(), password, roles });
  };
  return (
    <details className="card">
      <summary>{t('admin.users.add')}</summary>
      <form onSubmit={submit} noValidate>
        <FormMessage
          error={sub.summary}
          extra={sub.unshown}
          success={sub.done ? t('admin.users.added') : undefined}
        />
        <Field id="new-name" label={t('admin.users.name')} error={sub.errors.get('displayName')} required>
          {(aria) => <input {...aria} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field id="new-email" label={t('auth.email')} error={sub.errors.get('email')} required>
          {(aria) => (
            <input {...aria} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field
          id="new-password"
          label={t('admin.users.initialPassword')}
          error={sub.errors.get('password')}
          required
        >
          {(aria) => (
            <input
              {...aria}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <RoleChoices name="new-roles" roles={roles} onChange={setRoles} error={sub.errors.get('roles')} />
        <button type="submit" disabled={sub.busy} data-write="add-user">
          {t('admin.users.addSubmit')}
        </button>
      </form>
    </details>
  );
}

function EditUserForm({ user }: { user: UserAccount }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [reason, setReason] = useState('');
  const save = useSubmission(
    (body: { roles: Role[] }) =>
      unwrap(api.PATCH('/api/v1/users/{userId}', { params: { path: { userId: user.id } }, body })),
    ['roles'],
  );
  const toggle = useSubmission(
    (body: { reason?: string }) =>
      user.active
        ? unwrap(
            api.POST('/api/v1/users/{userId}/deactivate', { params: { path: { userId: user.id } }, body }),
          )
        : unwrap(
            api.POST('/api/v1/users/{userId}/reactivate', { params: { path: { userId: user.id } }, body }),
          ),
    ['reason'],
  );
  const id = `user-${user.id}`;
  return (
    <div className="card">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.submit({ roles });
        }}
        noValidate
      >
        <FormMessage
          error={save.summary}
          extra={save.unshown}
          success={save.done ? t('admin.users.saved') : undefined}
        />
        <RoleChoices
          name={`${id}-roles`}
          roles={roles}
          onChange={setRoles}
          error={save.errors.get('roles')}
        />
        <button type="submit" disabled={save.busy} data-write="save-roles">
          {t('admin.users.saveRoles')}
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          toggle.submit(reason.trim() ? { reason } : {});
        }}
        noValidate
      >
        <FormMessage error={toggle.summary} extra={toggle.unshown} />
        <Field id={`${id}-reason`} label={t('admin.users.reason')} error={toggle.errors.get('reason')}>
          {(aria) => <input {...aria} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <button
          type="submit"
          className={user.active ? 'danger' : 'secondary'}
          disabled={toggle.busy}
          data-write="toggle-user"
        >
          {user.active ? t('admin.users.deactivate') : t('admin.users.reactivate')}
        </button>
      </form>
    </div>
  );
}

/**
 * The tenant's users. HQ administrators read the list (to staff working groups); adding users,
 * changing roles and deactivating are a system administrator's, as in the API.
 */
export default function UsersPage() {
  const { t, l } = useI18n();
  const { has } = useAuth();
  const users = useUsers();
  const editing = useOpenRow();
  const canWrite = has('admin');
  const columns = [t('auth.email'), t('admin.users.roles'), t('admin.users.signIn'), t('admin.users.state')];
  return (
    <AdminLayout title={t('admin.users.title')}>
      {canWrite ? <AddUserForm /> : <p className="hint">{t('admin.users.readOnly')}</p>}
      <QueryView query={users}>
        {(list) => (
          // At phone width each user is a card headed by the name, each value by its column.
          <table className="data-table cards" data-testid="users">
            <TableHead
              columns={[
                t('admin.users.name'),
                ...columns,
                canWrite && { label: t('admin.users.editRoles'), hidden: true },
              ]}
            />
            <tbody>
              {list.map((u) => (
                <EditableRow
                  key={u.id}
                  name={u.displayName}
                  {...editing.row(u.id)}
                  edit={canWrite ? { label: t('admin.users.editRoles'), write: 'edit-user' } : undefined}
                  colSpan={6}
                  cells={
                    <>
                      <td data-label={columns[0]}>{u.email}</td>
                      <td data-label={columns[1]}>{u.roles.map((r) => l(ROLE_LABELS[r])).join('・')}</td>
                      <td data-label={columns[2]}>{t(`admin.users.${u.signInMethod}`)}</td>
                      <td data-label={columns[3]}>
                        {u.active ? t('admin.users.active') : <strong>{t('admin.users.inactive')}</strong>}
                      </td>
                    </>
                  }
                >
                  {() => <EditUserForm user={u} />}
                </EditableRow>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </AdminLayout>
  );
}
