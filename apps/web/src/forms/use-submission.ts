import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { fieldErrorsOf, summaryOf, unshownErrors } from './field-errors';

/**
 * One submission to the API: the server's field problems by field (in the chosen language), the
 * sentence for the top of the form, and a refresh of the cycle and inboxes once it went through.
 * The form's own state is untouched on failure, so what the user typed stays.
 */
export function useSubmission<TBody, TResult = unknown>(
  send: (body: TBody) => Promise<TResult>,
  shownFields: readonly string[],
) {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const errors = fieldErrorsOf(mutation.error, lang);
  return {
    submit: (body: TBody) => mutation.mutate(body),
    busy: mutation.isPending,
    done: mutation.isSuccess,
    data: mutation.data,
    errors,
    summary: summaryOf(mutation.error, lang),
    unshown: unshownErrors(errors, shownFields),
  };
}

export type Submission<TBody> = ReturnType<typeof useSubmission<TBody>>;
