import { HttpStatus, Injectable } from '@nestjs/common';
import { ROLES, type Role } from '@pdca/domain';
import { EXTERNAL_REVIEWER_ALONE, externalReviewerWithOthers } from '@pdca/domain/sign-in-policy';
import { EmailTakenError, UserRepository } from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { PasswordRules } from '../auth/password-rules';
import { ledgerActor } from '../common/auth/acting-role';
import { apiError, errorDetail, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import { requireOneOf } from '../common/http/at-least-one-field';
import { loadPage } from '../common/http/pagination.dto';
import type { AuthUser } from '../common/http/request-context';
import {
  type CreateUserDto,
  mapUserAccount,
  type UpdateUserDto,
  type UserAccountDto,
  type UserAccountPageDto,
  type UserActivationDto,
  type UserListQueryDto,
} from './users.dto';

/** Who may read the user list, and who may create and change users (in ledger order of preference). */
export const USER_READER_ROLES: readonly Role[] = ['admin', 'hq_admin'];
export const USER_ADMIN_ROLES: readonly Role[] = ['admin'];

const USER = { en: 'the user', ja: '利用者' };

/** Roles deduplicated, in the canonical order (so "the same roles" compare and read the same). */
function canonicalRoles(roles: readonly string[]): Role[] {
  const canonical = ROLES.filter((role) => roles.includes(role));
  if (externalReviewerWithOthers(canonical)) {
    throw validationException([
      errorDetail('roles', 'externalReviewerAlone', {
        ja: `rolesは${EXTERNAL_REVIEWER_ALONE.ja}。`,
        en: `roles ${EXTERNAL_REVIEWER_ALONE.en}.`,
      }),
    ]);
  }
  return canonical;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordRules,
  ) {}

  async list(user: AuthUser, query: UserListQueryDto): Promise<UserAccountPageDto> {
    return loadPage(
      query,
      (window) => this.users.list({ tenantId: user.tenantId, role: query.role, ...window }),
      mapUserAccount,
    );
  }

  async create(user: AuthUser, dto: CreateUserDto): Promise<UserAccountDto> {
    const roles = canonicalRoles(dto.roles);
    await this.passwords.assertAcceptable(user.tenantId, dto.password, 'password');
    // A friendly answer for the common case; the unique index settles a race (EmailTakenError).
    if (await this.users.findByEmail(dto.email)) throw emailTaken();
    const passwordHash = await bcrypt.hash(dto.password, this.passwords.bcryptCost);
    try {
      const created = await this.users.createRecorded(
        {
          tenantId: user.tenantId,
          email: dto.email,
          displayName: dto.displayName,
          passwordHash,
          roles,
        },
        ledgerActor(user, USER_ADMIN_ROLES),
      );
      return mapUserAccount(created);
    } catch (err) {
      if (err instanceof EmailTakenError) throw emailTaken();
      throw err;
    }
  }

  /**
   * Deactivates or reactivates a user of the caller's tenant. Deactivation ends the user's
   * sessions at once (token version + 1); nobody may deactivate themselves.
   */
  async setActive(
    user: AuthUser,
    userId: string,
    active: boolean,
    dto: UserActivationDto,
  ): Promise<UserAccountDto> {
    if (!active && userId === user.id) {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: '自分自身を無効化することはできません。他のシステム管理者に依頼してください。',
          en: 'You cannot deactivate yourself; ask another administrator to do it.',
        },
        { code: 'OWN_ACCOUNT' },
      );
    }
    const outcome = await this.users.setActiveRecorded(
      user.tenantId,
      userId,
      active,
      ledgerActor(user, USER_ADMIN_ROLES),
      dto.reason ?? null,
    );
    if (!outcome) throw notFound(USER);
    return mapUserAccount(outcome.user);
  }

  async update(user: AuthUser, userId: string, dto: UpdateUserDto): Promise<UserAccountDto> {
    requireOneOf(dto, ['displayName', 'roles']);
    const roles = dto.roles === undefined ? undefined : canonicalRoles(dto.roles);
    // Without this rule an administrator could lock the tenant out of its own administration.
    if (userId === user.id && roles && user.roles.includes('admin') && !roles.includes('admin')) {
      throw apiError(
        HttpStatus.CONFLICT,
        {
          ja: '自分自身のシステム管理者ロールは外せません。他のシステム管理者に依頼してください。',
          en: 'You cannot remove your own admin role; ask another administrator to do it.',
        },
        { code: 'OWN_ADMIN_ROLE' },
      );
    }
    const outcome = await this.users.updateRecorded(
      user.tenantId,
      userId,
      { displayName: dto.displayName, roles },
      ledgerActor(user, USER_ADMIN_ROLES),
    );
    if (!outcome) throw notFound(USER);
    return mapUserAccount(outcome.user);
  }
}

function emailTaken() {
  return apiError(
    HttpStatus.CONFLICT,
    {
      ja: 'このメールアドレスの利用者は既に登録されています。',
      en: 'A user with this email address exists already.',
    },
    { code: 'EMAIL_TAKEN' },
  );
}
