import { DataSource, EntityManager } from 'typeorm';
import { TenantEntity } from '../entities/tenant.entity';
import { UserEntity } from '../entities/user.entity';

export interface NewUser {
  tenantId: string;
  email: string;
  displayName: string;
  passwordHash: string;
  roles: string[];
  isDemo?: boolean;
}

/** A user together with the tenant code the workflow ids need. */
export interface UserWithTenant {
  id: string;
  tenantId: string;
  tenantCode: string;
  email: string;
  displayName: string;
  roles: string[];
}

export interface UserCredentials extends UserWithTenant {
  passwordHash: string;
}

interface UserTenantRow {
  id: string;
  tenant_id: string;
  tenant_code: string;
  email: string;
  display_name: string;
  roles: string[];
  password_hash?: string;
}

export class UserRepository {
  /** A DataSource, or the EntityManager of a surrounding transaction (the demo seed). */
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  private get users() {
    return this.dataSource.getRepository(UserEntity);
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
      }),
    );
    const found = await this.findWithTenant(saved.id);
    if (!found) throw new Error(`user ${saved.id} vanished after insert`);
    return found;
  }

  /** For login only: the one read that returns the password hash. Emails are unique case-insensitively. */
  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    const row = await this.baseQuery()
      .addSelect('u.password_hash', 'password_hash')
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<UserTenantRow>();
    return row ? { ...mapUser(row), passwordHash: row.password_hash ?? '' } : null;
  }

  /** A user by email (case-insensitive), without the password hash. */
  async findByEmail(email: string): Promise<UserWithTenant | null> {
    const row = await this.baseQuery()
      .where('lower(u.email) = lower(:email)', { email })
      .getRawOne<UserTenantRow>();
    return row ? mapUser(row) : null;
  }

  async findWithTenant(userId: string): Promise<UserWithTenant | null> {
    const row = await this.baseQuery().where('u.id = :userId', { userId }).getRawOne<UserTenantRow>();
    return row ? mapUser(row) : null;
  }

  /** Display names for a set of users of one tenant (ids from another tenant are simply absent). */
  async displayNames(tenantId: string, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.displayName'])
      .where('u.tenant_id = :tenantId AND u.id IN (:...userIds)', { tenantId, userIds })
      .getMany();
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  private baseQuery() {
    return this.dataSource
      .createQueryBuilder()
      .select([
        'u.id AS id',
        'u.tenant_id AS tenant_id',
        't.code AS tenant_code',
        'u.email AS email',
        'u.display_name AS display_name',
        'u.roles AS roles',
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
  };
}
