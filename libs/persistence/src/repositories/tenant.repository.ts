import { DataSource, EntityManager } from 'typeorm';
import { TenantEntity } from '../entities/tenant.entity';
import { administrativeEntry, appendLedgerEntry } from './audit-ledger.repository';
import { UserRepository, type UserWithTenant } from './user.repository';

export interface NewTenant {
  code: string;
  name: string;
  settings?: Record<string, unknown>;
}

/** A new city with its first administrator, who signs in with a one-time password. */
export interface NewTenantWithAdmin extends NewTenant {
  admin: { email: string; displayName: string; passwordHash: string };
  /** Who ran the provisioning (e.g. "pdca tenant create"), the ledger's system actor. */
  provisionedBy: string;
}

export class TenantCodeTakenError extends Error {
  constructor(readonly code: string) {
    super(`a tenant with code ${code} exists already`);
  }
}

/** Tenants (one city each). Reads by id or code; nothing here crosses into another tenant's rows. */
export class TenantRepository {
  /** A DataSource, or the EntityManager of a surrounding transaction (the demo seed). */
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get tenants() {
    return this.dataSource.getRepository(TenantEntity);
  }

  async create(input: NewTenant): Promise<TenantEntity> {
    const tenant = this.tenants.create({
      code: input.code,
      name: input.name,
      settings: input.settings ?? {},
    });
    return this.tenants.save(tenant);
  }

  /**
   * Creates the tenant, its first `admin` user (must change the one-time password at first
   * sign-in) and the ledger's first two entries (`tenant.created`, `user.created`) in one
   * transaction. Throws TenantCodeTakenError, or EmailTakenError-like errors for a taken email.
   */
  async createWithAdmin(input: NewTenantWithAdmin): Promise<{ tenant: TenantEntity; admin: UserWithTenant }> {
    const manager = this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
    return manager.transaction(async (tx) => {
      const inserted: Array<{ id: string }> = await tx.query(
        `INSERT INTO tenants (code, name, settings) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`,
        [input.code, input.name, JSON.stringify(input.settings ?? {})],
      );
      const tenantId = inserted[0]?.id;
      if (!tenantId) throw new TenantCodeTakenError(input.code);
      const entry = (action: string, payload: Record<string, unknown>) =>
        administrativeEntry(tenantId, { system: input.provisionedBy }, action, payload);
      await appendLedgerEntry(tx, entry('tenant.created', { code: input.code, name: input.name }));
      const admin = await new UserRepository(tx).create({
        tenantId,
        email: input.admin.email,
        displayName: input.admin.displayName,
        passwordHash: input.admin.passwordHash,
        roles: ['admin'],
        mustChangePassword: true,
      });
      await appendLedgerEntry(
        tx,
        entry('user.created', {
          userId: admin.id,
          email: admin.email,
          displayName: admin.displayName,
          roles: admin.roles,
          oneTimePassword: true,
        }),
      );
      const tenant = await tx.getRepository(TenantEntity).findOneOrFail({ where: { id: tenantId } });
      return { tenant, admin };
    });
  }

  /** Every tenant with its user count, by code (`pdca tenant list`). */
  async listWithCounts(): Promise<
    Array<{ code: string; name: string; createdAt: Date; users: number; identityProvider: string | null }>
  > {
    const manager = this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
    const rows: Array<{
      code: string;
      name: string;
      created_at: Date;
      users: string;
      issuer: string | null;
    }> = await manager.query(
      `SELECT t.code, t.name, t.created_at, (SELECT count(*) FROM users u WHERE u.tenant_id = t.id) AS users,
                p.issuer
           FROM tenants t LEFT JOIN tenant_identity_providers p ON p.tenant_id = t.id
          ORDER BY t.code`,
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      createdAt: r.created_at,
      users: Number(r.users),
      identityProvider: r.issuer,
    }));
  }

  /** Merges `patch` into one top-level key of the tenant's settings (e.g. `signIn`). */
  async mergeSettings(tenantId: string, key: string, patch: Record<string, unknown>): Promise<void> {
    const manager = this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
    await manager.query(
      `UPDATE tenants SET settings = jsonb_set(settings, ARRAY[$2::text],
         COALESCE(settings -> $2, '{}'::jsonb) || $3::jsonb) WHERE id = $1`,
      [tenantId, key, JSON.stringify(patch)],
    );
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.findOne({ where: { id } });
  }

  findByCode(code: string): Promise<TenantEntity | null> {
    return this.tenants.findOne({ where: { code } });
  }

  /** Every tenant's code and name, by code (for command-line tools that ask "which tenant?"). */
  async listCodes(): Promise<Array<{ code: string; name: string }>> {
    const rows = await this.tenants.find({ select: { code: true, name: true }, order: { code: 'ASC' } });
    return rows.map((t) => ({ code: t.code, name: t.name }));
  }
}
