import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { SEARCH_ATTRIBUTES } from './temporal-names';

/** Typed keys for upserting and for starting workflows with search attributes. */
export const STAGE_KEY = defineSearchAttributeKey(SEARCH_ATTRIBUTES.stage.name, SearchAttributeType.KEYWORD);
export const ITEM_CODE_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.itemCode.name,
  SearchAttributeType.KEYWORD,
);
export const FISCAL_YEAR_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.fiscalYear.name,
  SearchAttributeType.INT,
);
export const TENANT_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.tenant.name,
  SearchAttributeType.KEYWORD,
);
export const AWAITING_APPROVAL_KEY = defineSearchAttributeKey(
  SEARCH_ATTRIBUTES.awaitingApproval.name,
  SearchAttributeType.BOOL,
);
