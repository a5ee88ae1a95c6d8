import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivering the outbox: per-user language and notification preferences, webhook subscriptions,
 * and one delivery row per (outbox event, recipient, channel) — the relay's work queue, the in-app
 * inbox and the delivery log in one table. A statement trigger on outbox NOTIFYs the relay; the
 * notification reaches listeners when the projection's transaction commits.
 */
export class Notifications1734300000000 implements MigrationInterface {
  name = 'Notifications1734300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN language text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en')),
        ADD COLUMN notification_preferences jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await q.query(`CREATE INDEX webhooks_tenant_idx ON webhooks (tenant_id) WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        outbox_id bigint NOT NULL REFERENCES outbox(id),
        event_type text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'in_app', 'webhook')),
        recipient_user_id uuid REFERENCES users(id),
        webhook_id uuid REFERENCES webhooks(id),
        recipient_key text NOT NULL,
        address text,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'digest', 'dead', 'skipped')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        delivered_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (outbox_id, recipient_key, channel)
      )`);
    await q.query(
      `CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
         WHERE status IN ('pending', 'sending')`,
    );
    await q.query(
      `CREATE INDEX notification_deliveries_inbox_idx ON notification_deliveries (recipient_user_id, created_at DESC)
         WHERE channel = 'in_app'`,
    );
    await q.query(
      `CREATE INDEX notification_deliveries_digest_idx ON notification_deliveries (recipient_user_id)
         WHERE status = 'digest'`,
    );
    await q.query(
      `CREATE INDEX notification_deliveries_log_idx ON notification_deliveries (tenant_id, created_at DESC)`,
    );
    await q.query(`
      CREATE FUNCTION outbox_notify_relay() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('pdca_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify_relay AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify_relay()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS outbox_notify_relay ON outbox`);
    await q.query(`DROP FUNCTION IF EXISTS outbox_notify_relay()`);
    await q.query(`DROP TABLE IF EXISTS notification_deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhooks`);
    await q.query(
      `ALTER TABLE users DROP COLUMN IF EXISTS notification_preferences, DROP COLUMN IF EXISTS language`,
    );
  }
}
