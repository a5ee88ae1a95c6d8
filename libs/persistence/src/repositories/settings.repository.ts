import { CITY_SETTING_KEYS, type CitySettings } from '@pdca/domain';
import { DataSource } from 'typeorm';
import { administrativeEntry, appendLedgerEntry, type LedgerUserActor } from './audit-ledger.repository';

/** The city's settings as stored: the CitySettings keys of tenants.settings, and one plan's overrides. */
export interface StoredCitySettings {
  /** The CitySettings keys the city has set (the rest are defaults). */
  city: Partial<CitySettings>;
  /** Everything in tenants.settings (calendar, reminder and approval policies …). */
  tenantSettings: Record<string, unknown>;
  /** The plan's overrides when a plan was asked for; null otherwise. */
  plan: { id: string; title: string; overrides: Partial<CitySettings> } | null;
}

export class PlanNotInTenantError extends Error {}

export interface SettingsWrite {
  tenantId: string;
  /** Null: the city's settings; otherwise that plan's overrides. */
  planId: string | null;
  /** The new document: the city's complete settings, or the plan's overrides ({} clears them). */
  next: Partial<CitySettings>;
  actor: LedgerUserActor;
  reason: string | null;
}

function cityKeysOf(settings: Record<string, unknown>): Partial<CitySettings> {
  const out: Record<string, unknown> = {};
  for (const key of CITY_SETTING_KEYS) if (key in settings) out[key] = settings[key];
  return out as Partial<CitySettings>;
}

/** Reads and writes a city's settings (tenants.settings, plans.settings), each change with its ledger entry. */
export class SettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(tenantId: string, planId: string | null): Promise<StoredCitySettings> {
    const [tenant] = await this.dataSource.query('SELECT settings FROM tenants WHERE id = $1', [tenantId]);
    const tenantSettings = (tenant?.settings ?? {}) as Record<string, unknown>;
    let plan: StoredCitySettings['plan'] = null;
    if (planId) {
      const [row] = await this.dataSource.query(
        'SELECT id, title, settings FROM plans WHERE tenant_id = $1 AND id = $2',
        [tenantId, planId],
      );
      if (!row) throw new PlanNotInTenantError(planId);
      plan = { id: row.id, title: row.title, overrides: cityKeysOf(row.settings ?? {}) };
    }
    return { city: cityKeysOf(tenantSettings), tenantSettings, plan };
  }

  /**
   * Replaces the city's settings (the CitySettings keys; other tenant settings stay) or one plan's
   * overrides, with one `settings.updated` ledger entry holding before and after, in one transaction.
   * Returns false, writing nothing, when the document is what is stored already (a repeated PUT).
   */
  async write(input: SettingsWrite): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{ settings: Record<string, unknown> | null; title?: string }> = input.planId
        ? await tx.query('SELECT settings, title FROM plans WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
            input.tenantId,
            input.planId,
          ])
        : await tx.query('SELECT settings FROM tenants WHERE id = $1 FOR UPDATE', [input.tenantId]);
      if (!rows[0]) throw new PlanNotInTenantError(input.planId ?? input.tenantId);
      const stored = rows[0].settings ?? {};
      const before = cityKeysOf(stored);
      if (canonical(before) === canonical(input.next)) return false;
      const others = Object.fromEntries(
        Object.entries(stored).filter(([key]) => !(CITY_SETTING_KEYS as readonly string[]).includes(key)),
      );
      const written = JSON.stringify({ ...others, ...input.next });
      if (input.planId) {
        await tx.query(
          'UPDATE plans SET settings = $3::jsonb, updated_at = now() WHERE tenant_id = $1 AND id = $2',
          [input.tenantId, input.planId, written],
        );
      } else {
        await tx.query('UPDATE tenants SET settings = $2::jsonb WHERE id = $1', [input.tenantId, written]);
      }
      await appendLedgerEntry(
        tx,
        administrativeEntry(
          input.tenantId,
          input.actor,
          'settings.updated',
          {
            scope: input.planId ? 'plan' : 'city',
            ...(input.planId ? { planId: input.planId, planTitle: rows[0].title } : {}),
            before,
            after: input.next,
          },
          input.reason,
        ),
      );
      return true;
    });
  }
}

/** JSON with sorted keys, so that two documents compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
