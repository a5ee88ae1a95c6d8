import { ConsoleLogger } from '@nestjs/common';

/**
 * Nest's start-up chatter (one line per module and per route, about 150 lines) buries what an
 * operator needs to see; it is kept for LOG_LEVEL=debug.
 */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

export class QuietStartupLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context) && !this.isLevelEnabled('debug')) return;
    super.log(message, ...rest);
  }
}
