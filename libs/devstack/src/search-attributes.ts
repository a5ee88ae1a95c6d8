import { SEARCH_ATTRIBUTES } from '@pdca/contracts';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Registers the project's custom search attributes on a server that was not started with them
 * (the time-skipping test server; `temporal server start-dev` gets them as flags instead).
 */
export async function registerSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  const searchAttributes = Object.fromEntries(
    Object.values(SEARCH_ATTRIBUTES).map((a) => [a.name, TYPES[a.type]]),
  );
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
