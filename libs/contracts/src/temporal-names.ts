/**
 * Names shared by the API, the worker, the dev stack and the workflow code. This file must stay
 * free of Node imports: workflow code imports it.
 */

export const DEFAULT_TASK_QUEUE = 'pdca';

/** One workflow per reform item per fiscal year: `pdca/<tenant>/<itemId>/<fiscalYear>`. */
export function cycleWorkflowId(tenantCode: string, itemId: string, fiscalYear: number): string {
  return `pdca/${tenantCode}/${itemId}/${fiscalYear}`;
}

/**
 * Custom search attributes for Temporal visibility (Web UI, list filters). They carry no
 * personal data: codes, stage, year and a flag only.
 */
export const SEARCH_ATTRIBUTES = {
  stage: { name: 'PdcaStage', type: 'Keyword' },
  itemCode: { name: 'PdcaItemCode', type: 'Keyword' },
  fiscalYear: { name: 'PdcaFiscalYear', type: 'Int' },
  tenant: { name: 'PdcaTenant', type: 'Keyword' },
  awaitingApproval: { name: 'PdcaAwaitingApproval', type: 'Bool' },
} as const;

/** `--search-attribute NAME=Type` arguments for `temporal server start-dev`. */
export function searchAttributeCliArgs(): string[] {
  return Object.values(SEARCH_ATTRIBUTES).flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]);
}
