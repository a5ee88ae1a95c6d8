import type { ValidationProblem } from '@pdca/domain/validation-problem';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { ClientCheckError, type FieldLabels, fieldErrorsOf, summaryOf, unshownErrors } from './field-errors';

export interface SubmissionOptions<TBody> {
  /** The form's names for its fields by path, so problems are said in the form's words. */
  labels?: FieldLabels;
  /**
   * What can be checked before sending (libs/domain's validator of the body, not a copy of it):
   * any problem stops the request and is shown next to its field as the server's would be.
   */
  check?: (body: TBody) => readonly ValidationProblem[];
}

/**
 * One submission to the API: the server's field problems by field (in the chosen language), the
 * sentence for the top of the form, and a refresh of the cycle and inboxes once it went through.
 * The form's own state is untouched on failure, so what the user typed stays.
 */
export function useSubmission<TBody, TResult = unknown>(
  send: (body: TBody) => Promise<TResult>,
  shownFields: readonly string[],
  options: SubmissionOptions<TBody> = {},
) {
  const { lang } = useI18n();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: TBody) => {
      const problems = options.check?.(body) ?? [];
      if (problems.length > 0) return Promise.reject(new ClientCheckError(problems));
      return send(body);
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const errors = fieldErrorsOf(mutation.error, lang, options.labels);
  return {
    submit: (body: TBody) => mutation.mutate(body),
    /** Forgets the last outcome (its errors), e.g. once the corrected form goes on to a confirmation. */
    reset: () => mutation.reset(),
    busy: mutation.isPending,
    done: mutation.isSuccess,
    data: mutation.data,
    /** The body of the last submission that went through (what the page then says was decided). */
    sent: mutation.isSuccess ? mutation.variables : undefined,
    errors,
    summary: summaryOf(mutation.error, lang, options.labels),
    unshown: unshownErrors(errors, shownFields),
  };
}

export type Submission<TBody> = ReturnType<typeof useSubmission<TBody>>;
