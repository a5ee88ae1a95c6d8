/**
 * The persistent dev server's SQLite store (`npm start`) runs with DEV_SERVER_SQLITE_PRAGMAS: check
 * that the pragmas really reach the file (journal_mode is stored in it) and that a workflow
 * started before a clean stop is still there after a restart on the same file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, sqliteJournalMode, startTemporalDevServer } from '@pdca/devstack';
import { Client, Connection } from '@temporalio/client';

it('keeps its data in WAL mode across a clean stop', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdca-temporal-store-'));
  const dbFile = path.join(dir, 'temporal.db');
  try {
    let server = await startTemporalDevServer({ port: await freePort(), namespace: 'default', dbFile });
    const workflowId = `store-check-${Date.now()}`;
    try {
      expect(fs.existsSync(`${dbFile}-wal`)).toBe(true);
      const connection = await Connection.connect({ address: server.address });
      try {
        // No worker: the workflow stays running with its first task pending, which is the point.
        await new Client({ connection }).workflow.start('nothingRegistered', {
          workflowId,
          taskQueue: 'store-check',
          args: [],
        });
      } finally {
        await connection.close();
      }
    } finally {
      await server.stop();
    }
    expect(sqliteJournalMode(dbFile)).toBe('wal');

    server = await startTemporalDevServer({ port: await freePort(), namespace: 'default', dbFile });
    try {
      const connection = await Connection.connect({ address: server.address });
      try {
        const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
        expect(description.status.name).toBe('RUNNING');
      } finally {
        await connection.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
