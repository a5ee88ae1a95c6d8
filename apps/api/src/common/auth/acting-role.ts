import type { Role } from '@pdca/domain';
import type { LedgerUserActor } from '@pdca/persistence/repositories';
import type { AuthUser } from '../http/request-context';

/**
 * The role a caller acts in on an endpoint open to several roles: the first of `allowed` (in the
 * endpoint's order of preference) that they hold. The guard has checked that there is one.
 */
export function actingRole(user: AuthUser, allowed: readonly Role[]): Role {
  const role = allowed.find((r) => user.roles.includes(r));
  if (!role) throw new Error(`user ${user.id} holds none of ${allowed.join(', ')}`);
  return role;
}

/** The caller as the audit ledger records them for a change made on an endpoint open to `allowed`. */
export function ledgerActor(user: AuthUser, allowed: readonly Role[]): LedgerUserActor {
  return { userId: user.id, displayName: user.displayName, role: actingRole(user, allowed) };
}
