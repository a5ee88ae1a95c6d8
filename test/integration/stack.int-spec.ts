import { SEARCH_ATTRIBUTES } from '@pdca/contracts';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import { ownerDatabaseUrl } from '../support/owner-database';

describe('the integration stack', () => {
  it('has a migrated PostgreSQL with the append-only ledger (even for its owner)', async () => {
    const client = new Client({ connectionString: ownerDatabaseUrl() });
    await client.connect();
    try {
      const tables = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['cycles', 'tasks', 'approvals', 'budget_reflections', 'audit_log', 'outbox']),
      );
      const tenant = await client.query(
        `INSERT INTO tenants (code, name) VALUES ('stack-test', 'x') RETURNING id`,
      );
      await client.query(
        `INSERT INTO audit_log (tenant_id, seq, occurred_at, actor_type, action, hash) VALUES ($1, 1, now(), 'system', 'test', 'h')`,
        [tenant.rows[0].id],
      );
      await expect(client.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('has a Temporal server with the custom search attributes registered', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    try {
      const response = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      const custom = Object.keys(response.customAttributes ?? {});
      for (const attribute of Object.values(SEARCH_ATTRIBUTES)) expect(custom).toContain(attribute.name);
    } finally {
      await connection.close();
    }
  });
});
