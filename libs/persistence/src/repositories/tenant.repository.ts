import { DataSource, EntityManager } from 'typeorm';
import { TenantEntity } from '../entities/tenant.entity';

export interface NewTenant {
  code: string;
  name: string;
  settings?: Record<string, unknown>;
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
