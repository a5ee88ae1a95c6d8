import type { LocalizedText } from '@pdca/domain';
import { DataSource, EntityManager } from 'typeorm';

/** A tenant's OpenID Connect client, without its secret: safe to log and to show. */
export interface IdentityProviderSettings {
  tenantId: string;
  tenantCode: string;
  tenantName: string;
  /** What the sign-in button says: "sign in with <displayName>". */
  displayName: LocalizedText;
  issuer: string;
  clientId: string;
  scopes: string;
  /** The ID-token claim whose values are mapped to roles (e.g. `groups`, `roles`). */
  rolesClaim: string;
  /** Claim value → roles, e.g. { "pdca-hq": ["hq_approver"] }. */
  roleMapping: Record<string, string[]>;
}

export interface IdentityProviderWithSecret extends IdentityProviderSettings {
  clientSecret: string;
}

export type IdentityProviderInput = Omit<IdentityProviderWithSecret, 'tenantCode' | 'tenantName'>;

interface ProviderRow {
  tenant_id: string;
  tenant_code: string;
  tenant_name: string;
  display_name: LocalizedText;
  issuer: string;
  client_id: string;
  client_secret?: string;
  scopes: string;
  roles_claim: string;
  role_mapping: Record<string, string[]>;
}

const COLUMNS = `p.tenant_id, t.code AS tenant_code, t.name AS tenant_name, p.display_name, p.issuer,
  p.client_id, p.scopes, p.roles_claim, p.role_mapping`;

/** Per-tenant OpenID Connect clients. Only `findWithSecret` reads the client secret. */
export class IdentityProviderRepository {
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get manager(): EntityManager {
    return this.dataSource instanceof DataSource ? this.dataSource.manager : this.dataSource;
  }

  /** Creates or replaces the tenant's client (one per tenant). */
  async save(input: IdentityProviderInput): Promise<void> {
    await this.manager.query(
      `INSERT INTO tenant_identity_providers
         (tenant_id, display_name, issuer, client_id, client_secret, scopes, roles_claim, role_mapping)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id) DO UPDATE SET display_name = EXCLUDED.display_name, issuer = EXCLUDED.issuer,
         client_id = EXCLUDED.client_id, client_secret = EXCLUDED.client_secret, scopes = EXCLUDED.scopes,
         roles_claim = EXCLUDED.roles_claim, role_mapping = EXCLUDED.role_mapping, updated_at = now()`,
      [
        input.tenantId,
        JSON.stringify(input.displayName),
        input.issuer,
        input.clientId,
        input.clientSecret,
        input.scopes,
        input.rolesClaim,
        JSON.stringify(input.roleMapping),
      ],
    );
  }

  async remove(tenantId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(
      'DELETE FROM tenant_identity_providers WHERE tenant_id = $1 RETURNING tenant_id',
      [tenantId],
    );
    return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length > 0;
  }

  /** Every configured tenant, by tenant code (for the sign-in page). */
  async list(): Promise<IdentityProviderSettings[]> {
    const rows: ProviderRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM tenant_identity_providers p JOIN tenants t ON t.id = p.tenant_id ORDER BY t.code`,
    );
    return rows.map(mapProvider);
  }

  async findByTenantCode(code: string): Promise<IdentityProviderSettings | null> {
    const rows: ProviderRow[] = await this.manager.query(
      `SELECT ${COLUMNS} FROM tenant_identity_providers p JOIN tenants t ON t.id = p.tenant_id WHERE t.code = $1`,
      [code],
    );
    return rows[0] ? mapProvider(rows[0]) : null;
  }

  /** For the token request only: the one read that returns the client secret. */
  async findWithSecret(tenantId: string): Promise<IdentityProviderWithSecret | null> {
    const rows: ProviderRow[] = await this.manager.query(
      `SELECT ${COLUMNS}, p.client_secret FROM tenant_identity_providers p JOIN tenants t ON t.id = p.tenant_id
        WHERE p.tenant_id = $1`,
      [tenantId],
    );
    const row = rows[0];
    return row ? { ...mapProvider(row), clientSecret: row.client_secret ?? '' } : null;
  }
}

function mapProvider(row: ProviderRow): IdentityProviderSettings {
  return {
    tenantId: row.tenant_id,
    tenantCode: row.tenant_code,
    tenantName: row.tenant_name,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    scopes: row.scopes,
    rolesClaim: row.roles_claim,
    roleMapping: row.role_mapping,
  };
}
