import { useQuery } from '@tanstack/react-query';
import { api, asEntered, type Entered, type Schemas, unwrap } from './client';

/** A 施策評価 with its items' results side by side and the node's own indicators (#24). */
export type PolicyEvaluation = Schemas['PolicyEvaluationDto'];
export type PolicyItemResult = Schemas['PolicyItemResultDto'];
export type PolicyNodeIndicator = Schemas['PolicyNodeIndicatorDto'];
export type PolicyApproval = Schemas['PolicyApprovalDto'];
/** The owner's submission as typed (numbers as entered: the server names what is wrong). */
export type PolicySubmissionBody = Entered<Schemas['PolicyEvaluationSubmissionDto']>;

export const policyEvaluationKey = (evaluationId: string) => ['policy-evaluation', evaluationId] as const;

export function usePolicyEvaluation(evaluationId: string) {
  return useQuery({
    queryKey: policyEvaluationKey(evaluationId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/policy-evaluations/{evaluationId}', { params: { path: { evaluationId } } })),
  });
}

export function submitPolicyEvaluation(evaluationId: string, body: PolicySubmissionBody) {
  return unwrap(
    api.POST('/api/v1/policy-evaluations/{evaluationId}', {
      params: { path: { evaluationId } },
      body: asEntered(body),
    }),
  );
}

/** The round HQ returned last, with its comment: what the owner answers on resubmission (施策評価, 市の対応方針). */
export function lastReturn(evaluation: { approvals: readonly PolicyApproval[] }): PolicyApproval | undefined {
  return evaluation.approvals
    .filter((a) => a.status === 'returned')
    .sort((a, b) => b.round - a.round || b.stepIndex - a.stepIndex)[0];
}
