import { type FiscalCalendarPolicy, resolveFiscalCalendarPolicy } from '@pdca/domain';
import { DataSource } from 'typeorm';
import type { TenantSettings } from './cycle-context.repository';

export interface ItemToOpen {
  itemId: string;
  itemCode: string;
}

/** What the fiscal-year opener reads: tenants, their calendars, and the items a year opens for. */
export class CycleOpeningRepository {
  constructor(private readonly dataSource: DataSource) {}

  async tenants(): Promise<Array<{ tenantId: string; tenantCode: string }>> {
    const rows: Array<{ id: string; code: string }> = await this.dataSource.query(
      `SELECT id, code FROM tenants ORDER BY code`,
    );
    return rows.map((r) => ({ tenantId: r.id, tenantCode: r.code }));
  }

  async tenantCalendar(tenantId: string): Promise<FiscalCalendarPolicy> {
    const [row] = await this.dataSource.query(`SELECT settings FROM tenants WHERE id = $1`, [tenantId]);
    if (!row) throw new Error(`tenant ${tenantId} not found`);
    return resolveFiscalCalendarPolicy(((row.settings ?? {}) as TenantSettings).calendar ?? {});
  }

  /**
   * Items that have a cycle in `fiscalYear`: their plan's period covers it (an open-ended period
   * counts), no approved Act decision ended them before it and HQ has not removed them.
   */
  async itemsToOpen(tenantId: string, fiscalYear: number): Promise<ItemToOpen[]> {
    const rows: Array<{ id: string; code: string }> = await this.dataSource.query(
      `SELECT i.id, i.code FROM items i JOIN plans p ON p.id = i.plan_id
        WHERE i.tenant_id = $1
          AND (p.period_start_fy IS NULL OR p.period_start_fy <= $2)
          AND (p.period_end_fy IS NULL OR p.period_end_fy >= $2)
          AND (i.last_fiscal_year IS NULL OR i.last_fiscal_year >= $2)
          AND i.removed_at IS NULL
        ORDER BY i.code`,
      [tenantId, fiscalYear],
    );
    return rows.map((r) => ({ itemId: r.id, itemCode: r.code }));
  }

  /** Whether HQ removed the item (read again just before its cycle starts: a removal may land meanwhile). */
  async isRemoved(tenantId: string, itemId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM items WHERE tenant_id = $1 AND id = $2 AND removed_at IS NOT NULL',
      [tenantId, itemId],
    );
    return rows.length > 0;
  }
}
