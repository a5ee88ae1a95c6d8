// Everything the worker registers as workflow code. Workflow files import activities as types only.

export { businessVerificationWorkflow } from './business-verification/business-verification.workflow';
export { externalResponseWorkflow } from './external-response/external-response.workflow';
export { externalReviewWorkflow } from './external-review/external-review.workflow';
export { fiscalYearOpenerWorkflow } from './fiscal-year-opener.workflow';
export { pdcaCycleWorkflow } from './pdca-cycle/pdca-cycle.workflow';
export { policyEvaluationWorkflow } from './policy-evaluation/policy-evaluation.workflow';
