import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from './client';

/** The budget chain of one item (#26): per year 予算要求額 → 査定額 → 当初予算額 beside 反映額. */
export type ItemBudgetChain = Schemas['ItemBudgetChainDto'];
export type ChainYear = Schemas['ChainYearDto'];
export type ChainAmount = Schemas['ChainAmountDto'];
export type FinanceImportResult = Schemas['FinanceImportResultDto'];

export function useItemBudgets(itemId: string) {
  return useQuery({
    queryKey: ['item-budgets', itemId] as const,
    queryFn: () => unwrap(api.GET('/api/v1/items/{itemId}/budgets', { params: { path: { itemId } } })),
  });
}

/** 査定額 and/or 当初予算額 as typed (the server names a negative or fractional amount). */
export interface ItemBudgetBody {
  assessed?: number | string | null;
  adopted?: number | string | null;
  reason: string;
}

export function putItemBudget(itemId: string, fiscalYear: number, body: ItemBudgetBody) {
  return unwrap(
    api.PUT('/api/v1/items/{itemId}/budgets/{fiscalYear}', {
      params: { path: { itemId, fiscalYear } },
      body: body as Schemas['PutItemBudgetDto'],
    }),
  );
}

export const BUDGET_STATUS_PAGE = 100;

/** 予算反映状況 of a budget year, a page at a time. */
export function useBudgetStatus(fiscalYear: number, page: number) {
  return useQuery({
    queryKey: ['budget-status', fiscalYear, page] as const,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/budget-status', {
          params: { query: { fiscalYear, limit: BUDGET_STATUS_PAGE, offset: page * BUDGET_STATUS_PAGE } },
        }),
      ),
  });
}

export function budgetStatusXlsxUrl(fiscalYear: number, lang: 'ja' | 'en'): string {
  return `/api/v1/budget-status/export?${new URLSearchParams({ fiscalYear: String(fiscalYear), lang })}`;
}

/** The finance system's file (CSV or .xlsx) for a budget year, as a multipart upload. */
export function uploadFinanceFile(fiscalYear: number, file: File): Promise<FinanceImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return unwrap(
    api.POST('/api/v1/budgets/{fiscalYear}/import', {
      params: { path: { fiscalYear } },
      body: {} as never,
      bodySerializer: () => form,
    }),
  );
}
