import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Endpoint } from '../common/auth/endpoint.decorator';
import type { AuthUser } from '../common/http/request-context';
import {
  CityPresetDto,
  PutSettingsDto,
  SettingsDto,
  SettingsQueryDto,
  SettingsUpdateResultDto,
} from './settings.dto';
import { SETTINGS_ADMIN_ROLES, SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Endpoint({
    summary:
      'The city’s settings in force: plan levels, decisions, 一次/二次評価 scales, review cadence, 達成率 formula',
    action: { en: 'read the settings', ja: '設定の取得' },
    description:
      'With planId: that plan’s (the city’s settings with the plan’s overrides). Defaults fill what is not set.',
    ok: SettingsDto,
    errors: [400, 404],
  })
  get(@CurrentUser() user: AuthUser, @Query() query: SettingsQueryDto): Promise<SettingsDto> {
    return this.settings.get(user, query.planId);
  }

  @Get('presets')
  @Endpoint({
    summary: 'Settings presets for the cities of the seeds (standard, takarazuka, hiratsuka, gyoda, machida)',
    action: { en: 'list the settings presets', ja: '設定のひな形の取得' },
    ok: { type: [CityPresetDto], description: 'The presets, each with where its settings come from.' },
  })
  presets(): CityPresetDto[] {
    return this.settings.presets();
  }

  @Put()
  @Endpoint({
    summary: 'Replace the city’s settings, or one plan’s overrides',
    action: { en: 'change the settings', ja: '設定の変更' },
    roles: SETTINGS_ADMIN_ROLES,
    description: [
      'Validated whole (400s name the field, e.g. settings.decisions[2].budgetRule, and the rule);',
      'written with one `settings.updated` ledger entry holding before and after, in one transaction.',
      'A running fiscal year keeps the settings its cycles started with; the change applies to cycles that start later.',
      'Repeating the same settings writes nothing (changed: false).',
    ].join(' '),
    ok: SettingsUpdateResultDto,
    errors: [400, 404],
  })
  put(
    @CurrentUser() user: AuthUser,
    @Query() query: SettingsQueryDto,
    @Body() dto: PutSettingsDto,
  ): Promise<SettingsUpdateResultDto> {
    return this.settings.put(user, query.planId, dto);
  }
}
