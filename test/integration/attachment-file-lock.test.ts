import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { insertAccount } from '../../src/db/accounts/accounts-repo.js';
import { lockFileContent } from '../../src/db/attachments/attachment-files-repo.js';
import { createDatabase, type Database } from '../../src/db/database.js';
import { deleteUnreferencedFiles, storagePathOf } from '../../src/sync/attachments/attachment-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const [A, B] = [71, 72];
const SHA = 'ab'.repeat(32);

describe(
  'attachment file store: a removal never deletes a file another account is storing',
  { skip: !process.env['TEST_DATABASE_URL'] && 'needs a server database (two sessions)' },
  () => {
    let t: TestDatabase;
    let other: Database;
    let dir: string;
    const path = storagePathOf(SHA);
    const file = () => join(dir, path);
    const insertRow = (db: { query: Database['query'] }, accountId: number) =>
      db.query(
        `INSERT INTO hostaway.attachment_files (account_id, sha256, size_bytes, mime_type, storage_path)
         VALUES ($1, $2, 5, 'text/plain', $3)`,
        [accountId, SHA, path],
      );

    before(async () => {
      t = await createTestDatabase();
      other = await createDatabase({ url: t.url! });
      dir = await mkdtemp(join(tmpdir(), 'hs-file-lock-'));
      for (const accountId of [A, B])
        await insertAccount(t.db, { accountId, customerId: randomUUID(), clientSecret: 'x' });
    });
    after(async () => {
      await other.close();
      await t.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const storeFileOfA = async () => {
      await mkdir(dirname(file()), { recursive: true });
      await writeFile(file(), 'bytes');
      await insertRow(t.db, A);
    };
    const removeRowsOfA = () =>
      t.db.query('DELETE FROM hostaway.attachment_files WHERE account_id = $1', [A]);

    it('waits for a download of the same content that holds the lock, then keeps the file', async () => {
      await storeFileOfA();
      let taken!: () => void;
      let release!: () => void;
      const lockTaken = new Promise<void>((resolve) => (taken = resolve));
      const finish = new Promise<void>((resolve) => (release = resolve));
      // Account B's download is between its rename and its insert's commit, as createDirectoryStore does it.
      const download = other.transaction(async (tx) => {
        await lockFileContent(tx, SHA);
        await insertRow(tx, B);
        taken();
        await finish;
      });
      await lockTaken;
      try {
        await removeRowsOfA();
        const removal = deleteUnreferencedFiles(t.db, dir, [{ sha256: SHA, storagePath: path }]);
        await sleep(300);
        assert.ok(existsSync(file()), 'the removal waits for the lock');
        release();
        await download;
        assert.equal(await removal, 0);
        assert.ok(existsSync(file()), 'the file account B now keeps stays');
      } finally {
        release(); // a failed assertion must not leave the other session's transaction open
        await download;
      }
    });

    it('deletes the file once no account keeps it', async () => {
      await t.db.query('DELETE FROM hostaway.attachment_files');
      await storeFileOfA();
      await removeRowsOfA();
      assert.equal(await deleteUnreferencedFiles(t.db, dir, [{ sha256: SHA, storagePath: path }]), 1);
      assert.equal(existsSync(file()), false);
    });
  },
);
