import { useI18n } from '../i18n';
import { Field } from '../ui';

/**
 * The end of HQ's decision form, for an item's approval and a 施策評価's alike: the comment (needed
 * to return) and 承認する (the form's submit) / 差し戻す.
 */
export function DecisionControls({
  comment,
  onComment,
  error,
  busy,
  onReturn,
}: {
  comment: string;
  onComment: (text: string) => void;
  error: string | undefined;
  busy: boolean;
  onReturn: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field id="comment" label={t('approvals.comment')} hint={t('approvals.commentHint')} error={error}>
        {(aria) => (
          <textarea {...aria} rows={4} value={comment} onChange={(e) => onComment(e.target.value)} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy} data-write="approve">
          {t('approvals.approve')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={onReturn} data-write="return">
          {t('approvals.return')}
        </button>
      </div>
    </>
  );
}
