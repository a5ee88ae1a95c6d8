// Everything the worker registers as workflow code. Workflow files import activities as types only.
export { pdcaCycleWorkflow } from './pdca-cycle.workflow';
