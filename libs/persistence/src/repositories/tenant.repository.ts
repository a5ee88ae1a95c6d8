import { DataSource } from 'typeorm';
import { TenantEntity } from '../entities/tenant.entity';

export interface NewTenant {
  code: string;
  name: string;
  settings?: Record<string, unknown>;
}

/** Tenants (one city each). Reads by id or code; nothing here crosses into another tenant's rows. */
export class TenantRepository {
  constructor(private readonly dataSource: DataSource) {}

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
}
