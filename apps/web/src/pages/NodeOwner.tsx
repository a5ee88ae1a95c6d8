import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../api/client';
import type { PlanNode } from '../api/plans';
import { type UserAccount, useUsers } from '../api/queries';
import { useSettings } from '../api/settings';
import { useAuth } from '../auth';
import { useSubmission } from '../forms/use-submission';
import { useI18n } from '../i18n';
import { Choice, Field, FormMessage } from '../ui';

const FIELDS = ['ownerUserId', 'reason'];

/**
 * 施策評価 (#24) on the plan page: for HQ's administrators, a node of the evaluated level shows its
 * 担当部長 and a small form to name one (a wg_leader of the city) with a reason, which goes into the
 * ledger. Nothing for other roles, other levels, or a city without 施策評価.
 */
export function NodeOwner({ node, planId }: { node: PlanNode; planId: string }) {
  const { has } = useAuth();
  const admin = has('hq_admin', 'admin');
  const settings = useSettings(planId, { enabled: admin });
  if (!admin || settings.data?.settings.policyEvaluation.level !== node.level) return null;
  return <OwnerPanel node={node} />;
}

function OwnerPanel({ node }: { node: PlanNode }) {
  const { t } = useI18n();
  const users = useUsers();
  const [open, setOpen] = useState(false);
  const owner = users.data?.find((u) => u.id === node.ownerUserId);
  const id = `owner-${node.id}`;
  return (
    <div className="node-section node-owner" data-testid="node-owner">
      <p>
        <span className="node-subhead">{t('policy.owner.label')}</span>{' '}
        <span data-testid="node-owner-name">
          {node.ownerUserId ? (owner?.displayName ?? '…') : t('policy.owner.none')}
        </span>{' '}
        <button
          type="button"
          className="secondary small"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          {t('policy.owner.assign')}
          <span className="visually-hidden">{t('policy.owner.of', { node: node.title })}</span>
        </button>
      </p>
      {open && users.data && (
        <OwnerForm id={id} node={node} users={users.data} onDone={() => setOpen(false)} />
      )}
    </div>
  );
}

function OwnerForm({
  id,
  node,
  users,
  onDone,
}: {
  id: string;
  node: PlanNode;
  users: UserAccount[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [ownerUserId, setOwner] = useState(node.ownerUserId ?? '');
  const [reason, setReason] = useState('');
  const sub = useSubmission(
    (body: { ownerUserId: string; reason: string }) =>
      unwrap(api.PUT('/api/v1/plan-nodes/{nodeId}/owner', { params: { path: { nodeId: node.id } }, body })),
    FIELDS,
  );
  const leaders = users.filter((u) => u.active && u.roles.includes('wg_leader'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    sub.submit({ ownerUserId, reason });
  };
  const answer = sub.done ? sub.data : undefined;
  return (
    <form
      id={id}
      onSubmit={submit}
      noValidate
      className="card owner-form"
      aria-label={t('policy.owner.of', { node: node.title })}
    >
      <FormMessage
        error={sub.summary}
        extra={sub.unshown}
        success={
          answer
            ? answer.changed
              ? answer.evaluationsUpdated > 0
                ? t('policy.owner.savedRunning', { n: answer.evaluationsUpdated })
                : t('policy.owner.saved')
              : t('policy.owner.unchanged')
            : undefined
        }
      />
      <Field id={`${id}-user`} label={t('policy.owner.label')} error={sub.errors.get('ownerUserId')} required>
        {(aria) => (
          <Choice
            aria={aria}
            value={ownerUserId}
            options={leaders.map((u) => ({ value: u.id, label: `${u.displayName}（${u.email}）` }))}
            empty="—"
            onChange={setOwner}
          />
        )}
      </Field>
      <Field
        id={`${id}-reason`}
        label={t('policy.owner.reason')}
        hint={t('policy.owner.reasonHint')}
        error={sub.errors.get('reason')}
        required
      >
        {(aria) => <input {...aria} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" disabled={sub.busy}>
          {t('policy.owner.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('policy.owner.close')}
        </button>
      </div>
    </form>
  );
}
