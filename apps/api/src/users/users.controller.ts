import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import { UuidParamPipe } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import {
  CreateUserDto,
  UpdateUserDto,
  UserAccountDto,
  UserAccountPageDto,
  UserActivationDto,
  UserListQueryDto,
} from './users.dto';
import { USER_ADMIN_ROLES, USER_READER_ROLES, UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Endpoint({
    summary: 'The tenant’s users',
    action: { en: 'list the users', ja: '利用者一覧の取得' },
    roles: USER_READER_ROLES,
    description: 'By display name; `role` keeps only the users holding that role (e.g. wg_leader).',
    ok: UserAccountPageDto,
    errors: [400],
  })
  list(@CurrentUser() user: AuthUser, @Query() query: UserListQueryDto): Promise<UserAccountPageDto> {
    return this.users.list(user, query);
  }

  @Post()
  @Endpoint({
    summary: 'Create a user in the caller’s tenant',
    action: { en: 'create the user', ja: '利用者の登録' },
    roles: USER_ADMIN_ROLES,
    description:
      'The password is stored as a bcrypt hash and never returned; `user.created` is written to the audit ledger in the same transaction.',
    created: UserAccountDto,
    errors: [
      [400, 'Invalid fields: email, an unknown role, a password under 12 characters.'],
      [409, '`EMAIL_TAKEN`: the email address is in use (in any tenant).'],
    ],
  })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserAccountDto> {
    return this.users.create(user, dto);
  }

  @Patch(':userId')
  @Endpoint({
    summary: 'Change a user’s display name or roles',
    action: { en: 'change the user', ja: '利用者の変更' },
    roles: USER_ADMIN_ROLES,
    description:
      '`roles` replaces the whole list and takes effect on the user’s next request. A change writes `user.updated` to the audit ledger in the same transaction.',
    ok: UserAccountDto,
    errors: [400, 404, [409, '`OWN_ADMIN_ROLE`: nobody may remove their own admin role.']],
  })
  update(
    @CurrentUser() user: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserAccountDto> {
    return this.users.update(user, userId, dto);
  }

  @Post(':userId/deactivate')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Deactivate a user: every token of theirs is refused at once',
    action: { en: 'deactivate the user', ja: '利用者の無効化' },
    roles: USER_ADMIN_ROLES,
    description:
      'Idempotent. Writes `user.deactivated` (with `reason` as comment) to the audit ledger in the same transaction. A deactivated user cannot sign in, with a password or through the directory.',
    ok: UserAccountDto,
    errors: [404, [409, '`OWN_ACCOUNT`: nobody deactivates themselves.']],
  })
  deactivate(
    @CurrentUser() user: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() dto: UserActivationDto,
  ): Promise<UserAccountDto> {
    return this.users.setActive(user, userId, false, dto);
  }

  @Post(':userId/reactivate')
  @HttpCode(HttpStatus.OK)
  @Endpoint({
    summary: 'Reactivate a deactivated user',
    action: { en: 'reactivate the user', ja: '利用者の再有効化' },
    roles: USER_ADMIN_ROLES,
    description: 'Idempotent; writes `user.reactivated`. Tokens from before the deactivation stay refused.',
    ok: UserAccountDto,
    errors: [404],
  })
  reactivate(
    @CurrentUser() user: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() dto: UserActivationDto,
  ): Promise<UserAccountDto> {
    return this.users.setActive(user, userId, true, dto);
  }
}
