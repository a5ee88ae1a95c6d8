import { Injectable } from '@nestjs/common';
import {
  CITY_PRESETS,
  type CitySettings,
  type LocalizedText,
  type Role,
  resolveCitySettings,
  validateCitySettings,
} from '@pdca/domain';
import {
  citySettingsOf,
  PlanNotInTenantError,
  SettingsRepository,
  type StoredCitySettings,
  type TenantSettings,
} from '@pdca/persistence/repositories';
import { ledgerActor } from '../common/auth/acting-role';
import { errorDetail, notFound } from '../common/errors/localized-error';
import { validationException } from '../common/errors/validation';
import type { AuthUser } from '../common/http/request-context';
import type {
  CityPresetDto,
  CitySettingsDto,
  PutSettingsDto,
  SettingsDto,
  SettingsUpdateResultDto,
} from './settings.dto';

/** Who may change the city's settings. */
export const SETTINGS_ADMIN_ROLES: readonly Role[] = ['hq_admin', 'admin'];

const PLAN = { ja: '計画', en: 'the plan' };

/** Said with every change: running years keep the settings they started with (they travel in each cycle). */
export const APPLIES_FROM: LocalizedText = {
  ja: '変更は、これから開始するサイクルから適用されます。実行中の年度のサイクルは、開始時の設定のまま進みます。',
  en: 'The change applies to cycles that start from now on; cycles of a running fiscal year keep the settings they started with.',
};

@Injectable()
export class SettingsService {
  constructor(private readonly settings: SettingsRepository) {}

  async get(user: AuthUser, planId: string | undefined): Promise<SettingsDto> {
    return this.view(await this.read(user.tenantId, planId ?? null));
  }

  presets(): CityPresetDto[] {
    return CITY_PRESETS.map((p) => ({
      key: p.key,
      city: p.city,
      settings: p.settings as CitySettingsDto,
      notes: { ...p.notes },
    }));
  }

  /**
   * Replaces the city's settings (complete) or one plan's overrides (partial), with one ledger
   * entry holding before and after. A repeated PUT writes nothing and answers changed: false.
   */
  async put(
    user: AuthUser,
    planId: string | undefined,
    dto: PutSettingsDto,
  ): Promise<SettingsUpdateResultDto> {
    const problems = validateCitySettings(dto.settings, planId !== undefined);
    if (problems.length > 0) {
      throw validationException(problems.map((p) => errorDetail(`settings.${p.field}`, p.rule, p.message)));
    }
    let changed: boolean;
    try {
      changed = await this.settings.write({
        tenantId: user.tenantId,
        planId: planId ?? null,
        next: dto.settings as Partial<CitySettings>,
        actor: ledgerActor(user, SETTINGS_ADMIN_ROLES),
        reason: dto.reason ?? null,
      });
    } catch (err) {
      if (err instanceof PlanNotInTenantError) throw notFound(PLAN);
      throw err;
    }
    const view = this.view(await this.read(user.tenantId, planId ?? null));
    return { ...view, changed, appliesFrom: APPLIES_FROM };
  }

  private async read(tenantId: string, planId: string | null): Promise<StoredCitySettings> {
    try {
      return await this.settings.read(tenantId, planId);
    } catch (err) {
      if (err instanceof PlanNotInTenantError) throw notFound(PLAN);
      throw err;
    }
  }

  private view(stored: StoredCitySettings): SettingsDto {
    const settings = stored.plan
      ? citySettingsOf(stored.tenantSettings as TenantSettings, stored.plan.overrides)
      : citySettingsOf(stored.tenantSettings as TenantSettings);
    return {
      settings: resolveCitySettings(settings) as CitySettingsDto,
      scope: stored.plan ? 'plan' : 'city',
      cityKeys: Object.keys(stored.city),
      ...(stored.plan ? { planKeys: Object.keys(stored.plan.overrides) } : {}),
    };
  }
}
