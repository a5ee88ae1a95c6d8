/**
 * Whether an error means PostgreSQL could not be reached or did not answer in time, as opposed
 * to a bug. `beforeAnyStatement` errors (no connection at all) prove a command was not applied;
 * a lost connection or a timeout mid-way does not, so for writes only the former is a 503.
 */
export type DatabaseFault = 'unreachable' | 'interrupted';

// SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300
// (too many connections); 57014 (statement_timeout) and 55P03 (lock_timeout) are "interrupted".
const UNREACHABLE_CODES = /^(08\w{3}|57P0[123]|53300|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH)$/;
const INTERRUPTED_CODES = /^(57014|55P03|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const UNREACHABLE_MESSAGES =
  /timeout exceeded when trying to connect|Driver not Connected|Cannot use a pool after calling end|Connection terminated due to connection timeout/i;
const INTERRUPTED_MESSAGES = /Connection terminated|Client has encountered a connection error/i;

export function databaseFault(err: unknown): DatabaseFault | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, driverError, cause } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') {
      if (UNREACHABLE_CODES.test(code)) return 'unreachable';
      if (INTERRUPTED_CODES.test(code)) return 'interrupted';
    }
    if (typeof message === 'string') {
      if (UNREACHABLE_MESSAGES.test(message)) return 'unreachable';
      if (INTERRUPTED_MESSAGES.test(message)) return 'interrupted';
    }
    current = driverError ?? cause;
  }
  return undefined;
}
