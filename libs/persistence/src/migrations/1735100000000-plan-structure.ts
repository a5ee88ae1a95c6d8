import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plans as cities write them (#22):
 * - plan_nodes.level: the node's depth from the top (1 = the plan's first level). A plan has 1–3
 *   node levels above its items (2–4 levels in all, the last being the reform item; the names are in
 *   the plan's settings). `kind` stays for compatibility: 'goal' on level 1, 'theme' below; nodes
 *   are now unique by (plan, level, code) instead of (plan, kind, code). A node inserted without a
 *   level gets its parent's + 1 (1 at the top) from a trigger, so writers that predate levels
 *   still make a correct tree.
 * - plan_nodes.description / vision / background: a node's own texts (方針の説明, 3年後の姿 or
 *   目指す姿, 現状と課題); '' when the plan gives none.
 * - indicators on a node or on the plan itself (a city-wide 主要目標): the indicators table keeps
 *   one row per indicator whoever owns it — item_id becomes nullable beside node_id and plan_id,
 *   exactly one of the three set. One table rather than a table of its own, so that an indicator
 *   has one shape (unit, baseline, targets per year, direction, kind, 達成率 formula) wherever it
 *   sits and a node's indicator can be read and evaluated like an item's.
 * - item_parents: an item under several parents (再掲), one of them primary. items.theme_id stays
 *   the primary parent (what existing reads join on); item_parents lists every parent, the primary
 *   included, in the plan's order (sort). Filled from items.theme_id for existing plans.
 */
export class PlanStructure1735100000000 implements MigrationInterface {
  name = 'PlanStructure1735100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE plan_nodes ADD COLUMN level int');
    await q.query(`UPDATE plan_nodes SET level = CASE kind WHEN 'goal' THEN 1 ELSE 2 END`);
    await q.query(
      'ALTER TABLE plan_nodes ALTER COLUMN level SET NOT NULL, ADD CONSTRAINT plan_nodes_level_check CHECK (level BETWEEN 1 AND 3)',
    );
    await q.query(`
      CREATE FUNCTION plan_nodes_default_level() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.level IS NULL THEN
          NEW.level := CASE WHEN NEW.parent_id IS NULL THEN 1
                            ELSE (SELECT p.level + 1 FROM plan_nodes p WHERE p.id = NEW.parent_id) END;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER plan_nodes_default_level BEFORE INSERT ON plan_nodes
         FOR EACH ROW EXECUTE FUNCTION plan_nodes_default_level()`,
    );
    await q.query('ALTER TABLE plan_nodes DROP CONSTRAINT IF EXISTS plan_nodes_plan_id_kind_code_key');
    await q.query(
      'ALTER TABLE plan_nodes ADD CONSTRAINT plan_nodes_plan_level_code_key UNIQUE (plan_id, level, code)',
    );
    await q.query(
      `ALTER TABLE plan_nodes ADD COLUMN description text NOT NULL DEFAULT '',
         ADD COLUMN vision text NOT NULL DEFAULT '', ADD COLUMN background text NOT NULL DEFAULT ''`,
    );

    await q.query(
      `ALTER TABLE indicators ALTER COLUMN item_id DROP NOT NULL,
         ADD COLUMN node_id uuid REFERENCES plan_nodes(id) ON DELETE CASCADE,
         ADD COLUMN plan_id uuid REFERENCES plans(id) ON DELETE CASCADE,
         ADD CONSTRAINT indicators_one_owner_check CHECK (num_nonnulls(item_id, node_id, plan_id) = 1)`,
    );
    await q.query(
      'CREATE UNIQUE INDEX indicators_node_name_key ON indicators (node_id, name) WHERE node_id IS NOT NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX indicators_plan_name_key ON indicators (plan_id, name) WHERE plan_id IS NOT NULL',
    );

    await q.query(`
      CREATE TABLE item_parents (
        tenant_id uuid NOT NULL REFERENCES tenants(id),
        item_id uuid NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        node_id uuid NOT NULL REFERENCES plan_nodes(id) ON DELETE CASCADE,
        is_primary boolean NOT NULL DEFAULT false,
        sort int NOT NULL DEFAULT 0,
        PRIMARY KEY (item_id, node_id)
      )`);
    await q.query('CREATE UNIQUE INDEX item_parents_one_primary ON item_parents (item_id) WHERE is_primary');
    await q.query('CREATE INDEX item_parents_node_idx ON item_parents (node_id)');
    await q.query(
      `INSERT INTO item_parents (tenant_id, item_id, node_id, is_primary, sort)
       SELECT tenant_id, id, theme_id, true, 0 FROM items WHERE theme_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS item_parents');
    await q.query('DELETE FROM indicators WHERE item_id IS NULL');
    await q.query('DROP INDEX IF EXISTS indicators_plan_name_key');
    await q.query('DROP INDEX IF EXISTS indicators_node_name_key');
    await q.query(
      `ALTER TABLE indicators DROP CONSTRAINT IF EXISTS indicators_one_owner_check,
         DROP COLUMN IF EXISTS plan_id, DROP COLUMN IF EXISTS node_id, ALTER COLUMN item_id SET NOT NULL`,
    );
    await q.query(
      'ALTER TABLE plan_nodes DROP COLUMN IF EXISTS background, DROP COLUMN IF EXISTS vision, DROP COLUMN IF EXISTS description',
    );
    await q.query('DELETE FROM plan_nodes WHERE level = 3');
    await q.query('ALTER TABLE plan_nodes DROP CONSTRAINT IF EXISTS plan_nodes_plan_level_code_key');
    await q.query(
      'ALTER TABLE plan_nodes ADD CONSTRAINT plan_nodes_plan_id_kind_code_key UNIQUE (plan_id, kind, code)',
    );
    await q.query('DROP TRIGGER IF EXISTS plan_nodes_default_level ON plan_nodes');
    await q.query('DROP FUNCTION IF EXISTS plan_nodes_default_level()');
    await q.query(
      'ALTER TABLE plan_nodes DROP CONSTRAINT IF EXISTS plan_nodes_level_check, DROP COLUMN IF EXISTS level',
    );
  }
}
