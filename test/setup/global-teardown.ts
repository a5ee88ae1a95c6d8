import { runCleanups } from './global-setup';
import { getStack } from './test-stack';

export default async function globalTeardown(): Promise<void> {
  const stack = getStack();
  if (stack) await runCleanups(stack);
}
