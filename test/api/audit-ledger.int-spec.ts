/**
 * The audit ledger without running cycles: entries are appended through the same repository
 * function the projection activity uses. Proves that the database refuses UPDATE, DELETE and
 * TRUNCATE, that GET /audit/verify finds a changed, a deleted and a cut-off entry and a tampered
 * head, that GET /audit/log streams filtered JSON, NDJSON and Excel-ready CSV, and who may ask.
 */
import { randomUUID } from 'node:crypto';
import { LEDGER_CSV_COLUMNS, LedgerChainVerifier, type LedgerRecord, ledgerContentOf } from '@pdca/audit';
import {
  appendLedgerEntries,
  appendLedgerEntry,
  type LedgerEntryInput,
  TenantRepository,
  UserRepository,
} from '@pdca/persistence/repositories';
import bcrypt from 'bcryptjs';
import { parse as parseCsv } from 'csv-parse/sync';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { asOwner, ownerDatabaseUrl } from '../support/owner-database';
import { SELF_SERVICE_WRITES } from '../support/self-service-writes';

import { type ApiTestApp, bearer, startApiApp } from './api-test-app';
import { type ApiFixture, createApiFixture, login, PASSWORD, uniqueCode } from './fixtures';

let api: ApiTestApp;
let fx: ApiFixture;
let db: DataSource;
/**
 * A plain connection as the schema's owner (the most a leaked migration credential could do), for
 * statements that are meant to fail: no ORM error log. The app's own login is refused earlier, by
 * privileges (test/integration/least-privilege.int-spec.ts).
 */
let sql: Client;

const ENTRIES = 24;

beforeAll(async () => {
  api = await startApiApp();
  db = api.dataSource;
  sql = new Client({ connectionString: ownerDatabaseUrl() });
  await sql.connect();
  fx = await createApiFixture(api);
  for (let i = 1; i <= ENTRIES; i++) await append(fx.tenant.id, sampleEntry(fx, i));
});

afterAll(async () => {
  await sql?.end();
  await api?.close();
});

const get = (path: string, token: string) => api.http().get(`/api/v1${path}`).set(bearer(token));

/** A realistic mix: the leader's submissions, HQ's decisions (with awkward comments), the engine's reminders. */
function sampleEntry(f: ApiFixture, i: number): Omit<LedgerEntryInput, 'tenantId'> {
  const { leader, hqApprover } = f.tenant.users;
  const kind = i % 3;
  const base = {
    occurredAt: new Date(Date.UTC(2027, 3, 1 + i, 0, 0, 0, i)).toISOString(),
    itemId: f.tenant.items.main.id,
    cycleId: null,
    taskId: null,
    approvalId: null,
    workflowId: `pdca/${f.tenant.code}/${f.tenant.items.main.id}/2027`,
    runId: 'run-1',
    eventKey: `audit-ledger-test/${f.tenant.code}#${i}`,
  };
  if (kind === 1) {
    return {
      ...base,
      actorType: 'user',
      actorId: leader.id,
      actorName: leader.displayName,
      actorRole: 'wg_leader',
      action: 'plan.submitted',
      payload: { round: 1, submission: { activities: ['電子申請の拡大'], budgetRequest: 12_000_000 } },
      comment: null,
    };
  }
  if (kind === 2) {
    return {
      ...base,
      actorType: 'user',
      actorId: hqApprover.id,
      actorName: hqApprover.displayName,
      actorRole: 'hq_approver',
      action: i % 2 === 0 ? 'approval.returned' : 'approval.approved',
      payload: { decision: 'return', submissionKind: 'plan', round: 1 },
      // Commas, quotes, a line break and something Excel would run as a formula.
      comment: i === 2 ? '=HYPERLINK("http://example.invalid")' : '根拠を追記してください, "目標値"\n2行目',
    };
  }
  return {
    ...base,
    actorType: 'system',
    actorId: null,
    actorName: null,
    actorRole: null,
    action: 'task.reminder',
    payload: { reminderKey: 'before-1d', dueAt: '2027-04-30T08:00:00.000Z', overdue: false },
    comment: null,
  };
}

function append(tenantId: string, entry: Omit<LedgerEntryInput, 'tenantId'>): Promise<number> {
  return db.transaction((manager) => appendLedgerEntry(manager, { ...entry, tenantId }));
}

/** A fresh tenant with an auditor and `entries` ledger entries: tampering is permanent, so each case gets its own. */
async function auditedTenant(entries: number): Promise<{ id: string; token: string; hashes: string[] }> {
  const code = uniqueCode('audit-tamper');
  const tenant = await new TenantRepository(db).create({ code, name: `改ざん検知市 ${code}` });
  const auditor = await new UserRepository(db).create({
    tenantId: tenant.id,
    email: `auditor@${code}.example.test`,
    displayName: '監査 委員',
    passwordHash: bcrypt.hashSync(PASSWORD, 4),
    roles: ['auditor'],
  });
  await db.transaction((manager) =>
    appendLedgerEntries(
      manager,
      tenant.id,
      Array.from({ length: entries }, (_, i) => ({
        ...sampleEntry(fx, i + 1),
        eventKey: `${code}#${i + 1}`,
      })),
    ),
  );
  const rows: Array<{ hash: string }> = await db.query(
    'SELECT hash FROM audit_log WHERE tenant_id = $1 ORDER BY seq',
    [tenant.id],
  );
  return { id: tenant.id, token: await login(api, auditor.email, PASSWORD), hashes: rows.map((r) => r.hash) };
}

/** What an intruder with the database owner's rights does: switch the trigger off, change, switch it on. */
async function tamper(statement: string, params: unknown[]): Promise<void> {
  await asOwner(async (owner) => {
    await owner.query('BEGIN');
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await owner.query(statement, params);
    await owner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await owner.query('COMMIT');
  });
}

/** Runs a statement in a transaction as pdca_app, then rolls back. */
async function asAppRole(statement: string, params: unknown[] = []): Promise<unknown> {
  await sql.query('BEGIN');
  try {
    await sql.query('SET LOCAL ROLE pdca_app');
    return await sql.query(statement, params);
  } finally {
    await sql.query('ROLLBACK');
  }
}

describe('the ledger is append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever connects', async () => {
    await expect(
      sql.query('UPDATE audit_log SET comment = $2 WHERE tenant_id = $1', [fx.tenant.id, 'x']),
    ).rejects.toThrow('audit_log is append-only: UPDATE refused');
    await expect(
      sql.query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 1', [fx.tenant.id]),
    ).rejects.toThrow('audit_log is append-only: DELETE refused');
    await expect(sql.query('TRUNCATE audit_log')).rejects.toThrow(
      'audit_log is append-only: TRUNCATE refused',
    );
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM audit_log WHERE tenant_id = $1', [
      fx.tenant.id,
    ]);
    expect(count).toBe(ENTRIES);
  });

  it('gives the application role (pdca_app) INSERT and SELECT only, and no way around the trigger', async () => {
    const denied = 'permission denied for table audit_log';
    await expect(asAppRole('UPDATE audit_log SET comment = $1', ['x'])).rejects.toThrow(denied);
    await expect(asAppRole('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(denied);
    await expect(asAppRole('TRUNCATE audit_log')).rejects.toThrow(denied);
    await expect(asAppRole('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(
      'must be owner of table audit_log',
    );
    await expect(asAppRole('SELECT count(*) FROM audit_log')).resolves.toBeDefined();
    // …while the projection's own append works under that role.
    const seq = await db.transaction(async (manager) => {
      await manager.query('SET LOCAL ROLE pdca_app');
      return appendLedgerEntry(manager, {
        ...sampleEntry(fx, 3),
        tenantId: fx.otherTenant.id,
        eventKey: null,
      });
    });
    expect(seq).toBe(1);
    // A tenant's counter never goes backwards (deleted tail entries cannot be hidden that way).
    await expect(
      sql.query('UPDATE tenants SET audit_seq = 0 WHERE id = $1', [fx.otherTenant.id]),
    ).rejects.toThrow('tenants.audit_seq may only grow (1 → 0 refused)');
  });
});

describe('GET /audit/verify', () => {
  it('walks the whole chain and reports its head', async () => {
    const [tenant] = await db.query('SELECT audit_seq, audit_head_hash FROM tenants WHERE id = $1', [
      fx.tenant.id,
    ]);
    const res = await get('/audit/verify', fx.tenant.users.auditor.token).expect(200);
    expect(res.body).toEqual({
      ok: true,
      entries: ENTRIES,
      lastSeq: ENTRIES,
      headSeq: ENTRIES,
      headHash: tenant.audit_head_hash,
      verifiedAt: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(Number(tenant.audit_seq)).toBe(ENTRIES);
    // The same for admins; the other tenant sees only its own (one entry).
    await get('/audit/verify', fx.tenant.users.admin.token).expect(200);
    const other = await get('/audit/verify', fx.otherTenant.users.auditor.token).expect(200);
    expect(other.body).toMatchObject({ ok: true, entries: 1 });
  });

  it('accepts an anchor written down earlier and refuses one that does not match', async () => {
    const t = await auditedTenant(5);
    const ok = await get(`/audit/verify?anchorSeq=3&anchorHash=${t.hashes[2]}`, t.token).expect(200);
    expect(ok.body.ok).toBe(true);
    const rebuilt = await get(`/audit/verify?anchorSeq=3&anchorHash=${'0'.repeat(64)}`, t.token).expect(200);
    expect(rebuilt.body).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'anchor_mismatch' });
    const half = await get('/audit/verify?anchorSeq=3', t.token).expect(400);
    expect(half.body.details).toEqual([expect.objectContaining({ field: 'anchorHash' })]);
    await get('/audit/verify?anchorSeq=3&anchorHash=xyz', t.token).expect(400);
  });

  it('finds an entry changed in place (trigger disabled by a superuser) at its sequence number', async () => {
    const t = await auditedTenant(8);
    await tamper(`UPDATE audit_log SET comment = '承認済み' WHERE tenant_id = $1 AND seq = 5`, [t.id]);
    const res = await get('/audit/verify', t.token).expect(200);
    expect(res.body).toMatchObject({
      ok: false,
      entries: 4,
      lastSeq: 4,
      firstBrokenSeq: 5,
      reason: 'hash_mismatch',
      messageEn: expect.stringContaining('changed'),
      messageJa: expect.stringContaining('改ざん'),
    });
  });

  it('finds a changed payload and a rewritten actor as well', async () => {
    const t = await auditedTenant(6);
    await tamper(
      `UPDATE audit_log SET payload = jsonb_set(payload, '{round}', '2') WHERE tenant_id = $1 AND seq = 4`,
      [t.id],
    );
    expect((await get('/audit/verify', t.token).expect(200)).body).toMatchObject({ firstBrokenSeq: 4 });
    const u = await auditedTenant(6);
    await tamper(`UPDATE audit_log SET actor_name = '別人' WHERE tenant_id = $1 AND seq = 2`, [u.id]);
    expect((await get('/audit/verify', u.token).expect(200)).body).toMatchObject({
      firstBrokenSeq: 2,
      reason: 'hash_mismatch',
    });
  });

  it('lists every break: a real later tampering does not hide behind an earlier one', async () => {
    const t = await auditedTenant(8);
    await tamper(`UPDATE audit_log SET comment = '承認済み' WHERE tenant_id = $1 AND seq = 2`, [t.id]);
    await tamper(`UPDATE audit_log SET actor_name = '別人' WHERE tenant_id = $1 AND seq = 7`, [t.id]);
    const res = await get('/audit/verify', t.token).expect(200);
    expect(res.body).toMatchObject({ ok: false, entries: 1, firstBrokenSeq: 2, breaksTruncated: false });
    expect(res.body.breaks).toEqual([
      {
        seq: 2,
        reason: 'hash_mismatch',
        messageEn: expect.any(String),
        messageJa: expect.stringContaining('改ざん'),
      },
      {
        seq: 7,
        reason: 'hash_mismatch',
        messageEn: expect.any(String),
        messageJa: expect.stringContaining('改ざん'),
      },
    ]);
  });

  it('finds a deleted entry as a gap in the sequence', async () => {
    const t = await auditedTenant(8);
    await tamper('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 3', [t.id]);
    expect((await get('/audit/verify', t.token).expect(200)).body).toMatchObject({
      ok: false,
      entries: 2,
      firstBrokenSeq: 3,
      reason: 'seq_gap',
    });
  });

  it('finds deleted latest entries and a tampered head', async () => {
    const t = await auditedTenant(6);
    await tamper('DELETE FROM audit_log WHERE tenant_id = $1 AND seq >= 5', [t.id]);
    expect((await get('/audit/verify', t.token).expect(200)).body).toMatchObject({
      ok: false,
      entries: 4,
      firstBrokenSeq: 5,
      reason: 'missing_tail',
    });
    const u = await auditedTenant(6);
    await db.query(`UPDATE tenants SET audit_head_hash = $2 WHERE id = $1`, [u.id, 'f'.repeat(64)]);
    expect((await get('/audit/verify', u.token).expect(200)).body).toMatchObject({
      ok: false,
      entries: 6,
      firstBrokenSeq: 6,
      reason: 'head_mismatch',
      headHash: 'f'.repeat(64),
    });
  });
});

describe('GET /audit/log', () => {
  const csvOf = (text: string): string[][] => parseCsv(text, { bom: true, relax_column_count: false });

  it('exports CSV for Excel: BOM, one Japanese header row (lang=ja by default), CRLF, one record per entry, formulas neutralised', async () => {
    const res = await get('/audit/log?format=csv', fx.tenant.users.auditor.token)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-log-api-.*\.csv"$/);
    const bytes: Buffer = res.body;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF"連番","日時（日本時間）","日時（UTC）","操作","内容","内容（英語）","実行者種別","実行者ID","実行者名","実行時の役割","改革項目コード","改革項目ID","年度","サイクルID","タスクID","承認ID","コメント・理由","記録内容（JSON）","ワークフローID","実行ID","イベントキー","直前のハッシュ","ハッシュ（SHA-256）"',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside a quoted cell is CRLF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '').replace(/\r\n/g, '')).toMatch(/^[\uFEFF,]*$/);
    const [header, ...rows] = csvOf(text);
    expect(rows).toHaveLength(ENTRIES);
    const names = LEDGER_CSV_COLUMNS.map((c) => c.en);
    expect(header).toEqual(LEDGER_CSV_COLUMNS.map((c) => c.ja));
    const col = (name: string) => names.indexOf(name);
    expect(rows.map((r) => Number(r[col('seq')]))).toEqual(Array.from({ length: ENTRIES }, (_, i) => i + 1));
    expect(rows[1][col('comment')]).toBe('\'=HYPERLINK("http://example.invalid")');
    expect(rows[4][col('comment')]).toBe('根拠を追記してください, "目標値"\n2行目');
    expect(rows[0]).toEqual(
      expect.arrayContaining(['plan.submitted', '1-1', '改革 リーダー', 'wg_leader', '2027-04-02 09:00:00']),
    );
    expect(rows[0][col('description_ja')]).toBe('取組計画を提出 — 改革 リーダー（WGリーダー）');
    expect(rows[2][col('description_en')]).toBe('reminder sent (1 day(s) before the due date) (automatic)');
  });

  it('heads the CSV in the language asked for, one header row only: lang=ja and lang=en', async () => {
    const { auditor } = fx.tenant.users;
    const japanese = /[\u3000-\u9fff\uff00-\uffef]/;
    const ja = csvOf((await get('/audit/log?format=csv&lang=ja', auditor.token).expect(200)).text);
    const en = csvOf((await get('/audit/log?format=csv&lang=en', auditor.token).expect(200)).text);
    expect(ja[0]).toEqual(LEDGER_CSV_COLUMNS.map((c) => c.ja));
    expect(en[0]).toEqual(LEDGER_CSV_COLUMNS.map((c) => c.en));
    expect(en[0]!.join(',')).not.toMatch(japanese);
    // Exactly one header row: every other line is an entry (its seq a number), in both languages.
    for (const rows of [ja, en]) {
      expect(rows).toHaveLength(1 + ENTRIES);
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(
        Array.from({ length: ENTRIES }, (_, i) => i + 1),
      );
    }
  });

  it('filters by actor, action and time, and names only the caller’s tenant', async () => {
    const { auditor, hqApprover } = fx.tenant.users;
    const count = async (query: string) =>
      csvOf((await get(`/audit/log?format=csv&${query}`, auditor.token).expect(200)).text).length - 1;
    expect(await count('actor=system')).toBe(ENTRIES / 3);
    expect(await count(`actor=${hqApprover.id}`)).toBe(ENTRIES / 3);
    expect(await count('action=approval.*')).toBe(ENTRIES / 3);
    expect(await count('action=plan.submitted,task.reminder')).toBe((2 * ENTRIES) / 3);
    expect(await count('action=approval.returned')).toBe(4);
    // Entry i happened on 2027-04-(1+i) 09:00 JST: the 5th to the 9th of April, dates being Japan time.
    expect(await count('from=2027-04-05&to=2027-04-09')).toBe(5);
    expect(await count('from=2027-04-05T09:00:00%2B09:00&to=2027-04-06T09:00:00%2B09:00')).toBe(1);
    expect(await count(`itemId=${fx.tenant.items.main.id}`)).toBe(ENTRIES);
    expect(await count(`itemId=${fx.otherTenant.items.main.id}`)).toBe(0);
    // The other tenant's auditor exports its own ledger only.
    const other = await get('/audit/log?format=csv', fx.otherTenant.users.auditor.token).expect(200);
    expect(csvOf(other.text)).toHaveLength(2);
  });

  it('streams a JSON array whose entries verify offline, and NDJSON', async () => {
    const res = await get('/audit/log', fx.tenant.users.admin.token).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const entries: Array<LedgerRecord & { description: { ja: string } }> = res.body;
    expect(entries).toHaveLength(ENTRIES);
    expect(entries[2]).toMatchObject({
      seq: 3,
      actorType: 'system',
      action: 'task.reminder',
      itemCode: '1-1',
      description: { ja: 'リマインダー送信（期限の1日前） — システム（自動）' },
    });
    // Anyone holding the export can re-check the chain with the published algorithm.
    const verifier = new LedgerChainVerifier();
    for (const entry of entries)
      expect(verifier.push({ ...ledgerContentOf(entry), prevHash: entry.prevHash, hash: entry.hash })).toBe(
        true,
      );
    expect(verifier.finish({ seq: ENTRIES, hash: entries.at(-1)!.hash }).ok).toBe(true);

    const nd = await get('/audit/log?format=ndjson&actor=system', fx.tenant.users.auditor.token).expect(200);
    expect(nd.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = nd.text.trimEnd().split('\n');
    expect(lines).toHaveLength(ENTRIES / 3);
    expect(lines.map((l) => JSON.parse(l).actorType)).toEqual(Array(ENTRIES / 3).fill('system'));

    const empty = await get('/audit/log?action=cycle.withdrawn', fx.tenant.users.auditor.token).expect(200);
    expect(empty.text).toBe('[]\n');
  });

  it('answers 400 naming the field for a bad query', async () => {
    const { auditor } = fx.tenant.users;
    for (const [query, field] of [
      ['format=xlsx', 'format'],
      ['format=csv&lang=fr', 'lang'],
      ['actor=bob', 'actor'],
      ['action=DROP%20TABLE', 'action'],
      ['from=yesterday', 'from'],
      ['from=2027-05-01&to=2027-04-01', 'to'],
      ['cycleId=1', 'cycleId'],
    ]) {
      const res = await get(`/audit/log?${query}`, auditor.token).expect(400);
      expect({ query, fields: res.body.details.map((d: { field: string }) => d.field) }).toEqual({
        query,
        fields: [field],
      });
    }
  });
});

describe('who may read the ledger', () => {
  it('auditors and admins; HQ administration reads histories only; leaders and approvers nothing', async () => {
    const { leader, hqApprover, hqAdmin, auditor, admin } = fx.tenant.users;
    const item = fx.tenant.items.main.id;
    for (const user of [leader, hqApprover, hqAdmin]) {
      for (const path of ['/audit/verify', '/audit/log']) {
        const res = await get(path, user.token).expect(403);
        expect(res.body.code).toBe('ROLE_REQUIRED');
      }
    }
    for (const user of [leader, hqApprover]) {
      expect((await get(`/audit/items/${item}/history`, user.token).expect(403)).body.code).toBe(
        'ROLE_REQUIRED',
      );
    }
    for (const user of [hqAdmin, auditor, admin]) {
      const res = await get(`/audit/items/${item}/history`, user.token).expect(200);
      expect(res.body).toMatchObject({ itemId: item, itemCode: '1-1', ledgerEntries: ENTRIES, cycles: [] });
    }
    await api.http().get('/api/v1/audit/verify').expect(401);
  });

  it('answers 404 for another tenant’s item or cycle, exactly as for one that does not exist', async () => {
    const auditor = fx.otherTenant.users.auditor.token;
    for (const path of [
      `/audit/items/${fx.tenant.items.main.id}/history`,
      `/audit/items/${randomUUID()}/history`,
      `/audit/cycles/${randomUUID()}/history`,
    ]) {
      expect((await get(path, auditor).expect(404)).body.code).toBe('NOT_FOUND');
    }
    await get('/audit/cycles/not-a-uuid/history', auditor).expect(400);
  });

  it('documents the audit endpoints, and the OpenAPI walk refuses auditors every write', async () => {
    const doc = (await api.http().get('/api/docs-json').expect(200)).body;
    const audit = Object.keys(doc.paths).filter((p: string) => p.includes('/audit/'));
    expect(audit.sort()).toEqual([
      '/api/v1/audit/cycles/{cycleId}/history',
      '/api/v1/audit/items/{itemId}/history',
      '/api/v1/audit/log',
      // A plan node's history (施策評価, its owner, its targets: #24).
      '/api/v1/audit/nodes/{nodeId}/history',
      '/api/v1/audit/verify',
    ]);
    for (const path of audit) expect(Object.keys(doc.paths[path])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/audit/log'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'application/x-ndjson',
      'text/csv',
    ]);
    // Every write of the whole API (whoever added it) is refused to an auditor.
    const writes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) =>
        Object.keys(ops)
          .filter(
            (m) =>
              m !== 'get' &&
              path !== '/api/v1/auth/login' &&
              !SELF_SERVICE_WRITES.has(`${m.toUpperCase()} ${path}`),
          )
          .map((m) => ({ method: m, path })),
    );
    expect(writes.length).toBeGreaterThanOrEqual(9);
    for (const { method, path } of writes) {
      const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const res = await api
        .http()
        [method as 'post' | 'patch' | 'put' | 'delete'](url)
        .set(bearer(fx.tenant.users.auditor.token))
        .send({});
      expect({ op: `${method} ${path}`, status: res.status }).toEqual({
        op: `${method} ${path}`,
        status: 403,
      });
    }
  });
});
