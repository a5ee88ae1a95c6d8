/** What globalSetup started, handed to globalTeardown through a global (same process). */
export interface TestStack {
  cleanups: Array<() => Promise<void>>;
}

const KEY = '__pdcaTestStack';

export function setStack(stack: TestStack): void {
  (globalThis as Record<string, unknown>)[KEY] = stack;
}

export function getStack(): TestStack | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as TestStack | undefined;
}
