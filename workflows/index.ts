// Everything the worker registers as workflow code. Workflow files import activities as types only.
export { fiscalYearOpenerWorkflow } from './fiscal-year-opener.workflow';
export { pdcaCycleWorkflow } from './pdca-cycle/pdca-cycle.workflow';
export { policyEvaluationWorkflow } from './policy-evaluation/policy-evaluation.workflow';
