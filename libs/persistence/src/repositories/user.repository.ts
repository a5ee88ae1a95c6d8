import { DataSource, EntityManager } from 'typeorm';
import { TenantEntity } from '../entities/tenant.entity';
import { UserEntity } from '../entities/user.entity';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';
import type { Page } from './item.repository';

export interface NewUser {
  tenantId: string;
  email: string;
  displayName: string;
  /** Null for a user who signs in only through the tenant's directory (OpenID Connect). */
  passwordHash: string | null;
  roles: string[];
  isDemo?: boolean;
  /** A one-time password: every call but the password change is refused until it is changed. */
  mustChangePassword?: boolean;
}

/** A user together with the tenant code the workflow ids need. */
export interface UserWithTenant {
  id: string;
  tenantId: string;
  tenantCode: string;
  email: string;
  displayName: string;
  roles: string[];
  /** False once an administrator deactivated the user: no token of theirs is accepted. */
  active: boolean;
  /** Signed in with a one-time password that must be changed before anything else. */
  mustChangePassword: boolean;
  /** Carried in access tokens; bumped by sign-out, deactivation and a password change. */
  tokenVersion: number;
  /** Signs in through the tenant's OpenID Connect directory (and has no password of its own). */
  directoryUser: boolean;
}

export interface UserCredentials extends UserWithTenant {
  passwordHash: string | null;
}

export interface UserListFilter {
  tenantId: string;
  /** Only users holding this role. */
  role?: string;
  limit: number;
  offset: number;
}

/** What an administrator may change on a user; omitted fields stay as they are. */
export interface UserChanges {
  displayName?: string;
  roles?: string[];
}

/** The email address is taken (emails are unique across all tenants, case-insensitively). */
export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`a user with email ${email} exists already`);
  }
}

interface UserTenantRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  email: string;
  display_name: string;
  roles: string[];
  active: boolean;
  must_change_password: boolean;
  token_version: number;
  directory_user: boolean;
  password_hash?: string | null;
}

export class UserRepository {
  /** A DataSource, or the EntityManager of a surrounding transaction (the demo seed). */
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get users() {
    return this.dataSource.getRepository(UserEntity);
  }

  private get manager(): EntityManager {
    return this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
  }

  async create(input: NewUser): Promise<UserWithTenant> {
    const saved = await this.users.save(
      this.users.create({
        tenantId: input.tenantId,
        email: input.email,
        displayName: input.displayName,
        passwordHash: input.passwordHash,
        roles: input.roles,
        isDemo: input.isDemo ?? false,
        mustChangePassword: input.mustChangePassword ?? false,
      }),
    );
    const found = await this.findWithTenant(saved.id);
    if (!found) throw new Error(`user ${saved.id} vanished after insert`);
    return found;
  }

  /**
   * Creates a user and records `user.created` in the tenant's audit ledger, in one transaction.
   * The password hash never enters the ledger. Throws EmailTakenError for a taken email.
   */
  async createRecorded(input: NewUser, actor: LedgerUserActor): Promise<UserWithTenant> {
    return this.manager.transaction(async (tx) => {
      // ON CONFLICT instead of catching the unique violation: a failed statement would be logged
      // with its parameters, the password hash among them.
      const inserted: Array<{ id: string }> = await tx.query(
        `INSERT INTO users (tenant_id, email, display_name, password_hash, roles, is_demo, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
        [
          input.tenantId,
          input.email,
          input.displayName,
          input.passwordHash,
          input.roles,
          input.isDemo ?? false,
          input.mustChangePassword ?? false,
        ],
      );
      const id = inserted[0]?.id;
      if (!id) throw new EmailTakenError(input.email);
      await appendLedgerEntry(
        tx,
        administrativeEntry(input.tenantId, actor, 'user.created', {
          userId: id,
          email: input.email,
          displayName: input.displayName,
          roles: input.roles,
        }),
      );
      const found = await this.findWithTenantIn(tx, id);
      if (!found) throw new Error(`user ${id} vanished after insert`);
      return found;
    });
  }

  /**
   * Changes a user of the tenant and records `user.updated` (each changed field with its old and
   * new value) in the same transaction. Nothing is written, and `changed` is false, when the
   * values are the ones the user has already. Null when the user is not in the tenant.
   */
  async updateRecorded(
    tenantId: string,
    userId: string,
    changes: UserChanges,
    actor: LedgerUserActor,
  ): Promise<{ user: UserWithTenant; changed: boolean } | null> {
    return this.manager.transaction(async (tx) => {
      const rows: Array<{ email: string; display_name: string; roles: string[] }> = await tx.query(
        'SELECT email, display_name, roles FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [tenantId, userId],
      );
      const current = rows[0];
      if (!current) return null;
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      if (changes.displayName !== undefined && changes.displayName !== current.display_name) {
        diff.displayName = { from: current.display_name, to: changes.displayName };
      }
      if (changes.roles !== undefined && !sameSet(changes.roles, current.roles)) {
        diff.roles = { from: current.roles, to: changes.roles };
      }
      const changed = Object.keys(diff).length > 0;
      if (changed) {
        await tx.query('UPDATE users SET display_name = $3, roles = $4 WHERE tenant_id = $1 AND id = $2', [
          tenantId,
          userId,
          changes.displayName ?? current.display_name,
          changes.roles ?? current.roles,
        ]);
        await appendLedgerEntry(
          tx,
          administrativeEntry(tenantId, actor, 'user.updated', {
            userId,
            email: current.email,
            changes: diff,
          }),
        );
      }
      const user = await this.findWithTenantIn(tx, userId);
      if (!user) throw new Error(`user ${userId} vanished during update`);
      return { user, changed };
    });
  }

  /**
   * Deactivates (or reactivates) a user of the tenant and records `user.deactivated` /
   * `user.reactivated` in the same transaction. Deactivating bumps the token version, so every
   * token the user holds is refused from the next request on. Nothing is written, and `changed`
   * is false, when the user is in that state already. Null when the user is not in the tenant.
   */
  async setActiveRecorded(
    tenantId: string,
    userId: string,
    active: boolean,
    actor: LedgerUserActor,
    reason: string | null,
  ): Promise<{ user: UserWithTenant; changed: boolean } | null> {
    return this.manager.transaction(async (tx) => {
      const rows: Array<{ email: string; active: boolean }> = await tx.query(
        'SELECT email, deactivated_at IS NULL AS active FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
        [tenantId, userId],
      );
      const current = rows[0];
      if (!current) return null;
      const changed = current.active !== active;
      if (changed) {
        await tx.query(
          active
            ? 'UPDATE users SET deactivated_at = NULL WHERE id = $1'
            : 'UPDATE users SET deactivated_at = now(), token_version = token_version + 1 WHERE id = $1',
          [userId],
        );
        await appendLedgerEntry(
          tx,
          administrativeEntry(
            tenantId,
            actor,
            active ? 'user.reactivated' : 'user.deactivated',
            { userId, email: current.email },
            reason,
          ),
        );
      }
      const user = await this.findWithTenantIn(tx, userId);
      if (!user) throw new Error(`user ${userId} vanished during update`);
      return { user, changed };
    });
  }

  /** Sign-out: bumps the token version so that every token issued so far is refused. */
  async endSessions(userId: string): Promise<void> {
    await this.manager.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [userId]);
  }

  /**
   * Sets a new password hash, clears a pending one-time password, ends every other session
   * (token version + 1) and records `user.password_changed` (without any hash) in one
   * transaction. Answers the user as they are afterwards.
   */
  async changePasswordRecorded(
    user: UserWithTenant,
    passwordHash: string,
    actor: LedgerUserActor,
  ): Promise<UserWithTenant> {
    return this.manager.transaction(async (tx) => {
      await tx.query(
        `UPDATE users SET password_hash = $2, must_change_password = false, token_version = token_version + 1
          WHERE id = $1`,
        [user.id, passwordHash],
      );
      await appendLedgerEntry(
        tx,
        administrativeEntry(user.tenantId, actor, 'user.password_changed', {
          userId: user.id,
          email: user.email,
          oneTimePassword: user.mustChangePassword,
        }),
      );
      const found = await this.findWithTenantIn(tx, user.id);
      if (!found) throw new Error(`user ${user.id} vanished during the password change`);
      return found;
    });
  }

  /** The password hash of one user (for the password change's check of the current password). */
  async passwordHash(userId: string): Promise<string | null> {
    const rows: Array<{ password_hash: string | null }> = await this.manager.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [userId],
    );
    return rows[0]?.password_hash ?? null;
  }

  /** One page of the tenant's users (without password hashes), by display name. */
  async list(filter: UserListFilter): Promise<Page<UserWithTenant>> {
    const query = this.baseQuery().where('u.tenant_id = :tenantId', { tenantId: filter.tenantId });
    if (filter.role !== undefined) query.andWhere(':role = ANY (u.roles)', { role: filter.role });
    const total = await query.clone().getCount();
    const rows = await query
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .offset(filter.offset)
      .limit(filter.limit)
      .getRawMany<UserTenantRow>();
    return { items: rows.map(mapUser), total };
  }

  /** The users of one tenant among `userIds` (ids of other tenants or of nobody are simply absent). */
  async findInTenant(tenantId: string, userIds: string[]): Promise<UserWithTenant[]> {
    if (userIds.length === 0) return [];
    const rows = await this.baseQuery()
      .where('u.tenant_id = :tenantId AND u.id IN (:...userIds)', { tenantId, userIds })
      .getRawMany<UserTenantRow>();
    return rows.map(mapUser);
  }

  /** For login only: the one read that returns the password hash. Emails are unique case-insensitively. */
  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = await this.baseQuery()
      .addSelect('u.password_hash', 'password_hash')
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<UserTenantRow>();
    return row ? { ...mapUser(row), passwordHash: row.password_hash ?? null } : null;
  }

  /** A user by email (case-insensitive), without the password hash. */
  async findByEmail(email: string): Promise<UserWithTenant | null> {
    const row = await this.baseQuery()
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<UserTenantRow>();
    return row ? mapUser(row) : null;
  }

  async findWithTenant(userId: string): Promise<UserWithTenant | null> {
    return this.findWithTenantIn(this.manager, userId);
  }

  private async findWithTenantIn(manager: EntityManager, userId: string): Promise<UserWithTenant | null> {
    const row = await this.baseQuery(manager).where('u.id = :userId', { userId }).getRawOne<UserTenantRow>();
    return row ? mapUser(row) : null;
  }

  private baseQuery(manager: EntityManager = this.manager) {
    return manager
      .createQueryBuilder()
      .select([
        'u.id AS id',
        'u.tenant_id AS tenant_id',
        't.code AS tenant_code',
        'u.email AS email',
        'u.display_name AS display_name',
        'u.roles AS roles',
        'u.deactivated_at IS NULL AS active',
        'u.must_change_password AS must_change_password',
        'u.token_version AS token_version',
        'u.oidc_subject IS NOT NULL AS directory_user',
      ])
      .from(UserEntity, 'u')
      .innerJoin(TenantEntity, 't', 't.id = u.tenant_id');
  }
}

function mapUser(row: UserTenantRow): UserWithTenant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    tenantCode: row.tenant_code,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    active: row.active,
    mustChangePassword: row.must_change_password,
    tokenVersion: Number(row.token_version),
    directoryUser: row.directory_user,
  };
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
