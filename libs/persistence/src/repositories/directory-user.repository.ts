import { ROLES } from '@pdca/domain';
import { DataSource, EntityManager } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerEntryInput } from './audit-ledger.repository';
import { UserRepository, type UserWithTenant } from './user.repository';

/** Who a directory (OpenID Connect) says the person is, after the ID token was verified. */
export interface DirectoryIdentity {
  tenantId: string;
  issuer: string;
  subject: string;
  email: string;
  displayName: string;
  /** The roles the directory grants now (claim values through the tenant's mapping). */
  grantedRoles: string[];
  /** Every role the mapping can grant: these follow the directory; other roles stay as set here. */
  managedRoles: string[];
  /** The directory's name, as the ledger's actor of the changes it makes. */
  directoryName: string;
}

export type DirectorySignIn =
  | { status: 'signed_in'; user: UserWithTenant; created: boolean; changes: Record<string, unknown> }
  | { status: 'deactivated'; user: UserWithTenant }
  /** The email is another account's (in this or another tenant): nothing written. */
  | { status: 'email_taken' };

/**
 * Just-in-time users from a tenant's directory: found by (tenant, issuer, subject), created on
 * first sign-in, and brought up to date (display name, email, directory-managed roles) on every
 * sign-in. A creation or change is recorded in the ledger in the same transaction.
 */
export class DirectoryUserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async signIn(identity: DirectoryIdentity): Promise<DirectorySignIn> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{
        id: string;
        email: string;
        display_name: string;
        roles: string[];
        active: boolean;
      }> = await tx.query(
        `SELECT id, email, display_name, roles, deactivated_at IS NULL AS active FROM users
            WHERE tenant_id = $1 AND oidc_issuer = $2 AND oidc_subject = $3 FOR UPDATE`,
        [identity.tenantId, identity.issuer, identity.subject],
      );
      const current = rows[0];
      const users = new UserRepository(tx);
      if (current && !current.active) {
        const user = await users.findWithTenant(current.id);
        if (!user) throw new Error(`user ${current.id} vanished`);
        return { status: 'deactivated', user };
      }
      if (await emailTakenByOther(tx, identity.email, current?.id ?? null)) return { status: 'email_taken' };

      if (!current) {
        const roles = canonical(identity.grantedRoles);
        const inserted: Array<{ id: string }> = await tx.query(
          `INSERT INTO users (tenant_id, email, display_name, password_hash, roles, oidc_issuer, oidc_subject)
           VALUES ($1, $2, $3, NULL, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [identity.tenantId, identity.email, identity.displayName, roles, identity.issuer, identity.subject],
        );
        const id = inserted[0]?.id;
        if (!id) return { status: 'email_taken' };
        await appendLedgerEntry(
          tx,
          directoryEntry(identity, 'user.created', {
            userId: id,
            email: identity.email,
            displayName: identity.displayName,
            roles,
            source: 'oidc',
          }),
        );
        const user = await users.findWithTenant(id);
        if (!user) throw new Error(`user ${id} vanished after insert`);
        return { status: 'signed_in', user, created: true, changes: {} };
      }

      const managed = new Set(identity.managedRoles);
      const roles = canonical([...current.roles.filter((r) => !managed.has(r)), ...identity.grantedRoles]);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (current.display_name !== identity.displayName)
        changes.displayName = { from: current.display_name, to: identity.displayName };
      if (current.email !== identity.email) changes.email = { from: current.email, to: identity.email };
      if (!sameSet(current.roles, roles)) changes.roles = { from: current.roles, to: roles };
      if (Object.keys(changes).length > 0) {
        await tx.query('UPDATE users SET display_name = $2, email = $3, roles = $4 WHERE id = $1', [
          current.id,
          identity.displayName,
          identity.email,
          roles,
        ]);
        await appendLedgerEntry(
          tx,
          directoryEntry(identity, 'user.updated', {
            userId: current.id,
            email: identity.email,
            changes,
            source: 'oidc',
          }),
        );
      }
      const user = await users.findWithTenant(current.id);
      if (!user) throw new Error(`user ${current.id} vanished during update`);
      return { status: 'signed_in', user, created: false, changes };
    });
  }
}

async function emailTakenByOther(tx: EntityManager, email: string, userId: string | null): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    'SELECT 1 FROM users WHERE lower(email) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)',
    [email, userId],
  );
  return rows.length > 0;
}

/** The directory is the actor: a system entry named after it, not a person of this tenant. */
function directoryEntry(
  identity: DirectoryIdentity,
  action: string,
  payload: Record<string, unknown>,
): LedgerEntryInput {
  return administrativeEntry(identity.tenantId, { system: identity.directoryName }, action, {
    ...payload,
    issuer: identity.issuer,
  });
}

function canonical(roles: readonly string[]): string[] {
  return ROLES.filter((role) => roles.includes(role));
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
