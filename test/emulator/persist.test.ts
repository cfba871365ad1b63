/**
 * The emulator's state survives what a process can suffer: a restart, a kill between journal
 * writes, a torn last journal line, a crash between snapshot and journal truncation.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistentStore } from '../../src/emulator/store/persist.js';
import { MemoryTenantStore, type Tenant } from '../../src/emulator/store/store.js';

const dirs: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mbx-state-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const INFO = {
  id: 't1',
  displayName: 'contoso',
  initialDomain: 'contoso.onmicrosoft.com',
  createdDateTime: '2026-01-01T00:00:00.000Z',
  bootstrapClientId: 'app',
};

function addDomain(tenant: Tenant, name: string): void {
  tenant.collection('domains').put({ id: name, isDefault: false, isInitial: false, isVerified: true });
}

describe('PersistentStore', () => {
  it('replays the journal after a process dies without closing (no snapshot written)', () => {
    const dir = stateDir();
    const first = PersistentStore.open(dir);
    const tenant = first.store.createTenant(INFO);
    addDomain(tenant, 'a.example');
    addDomain(tenant, 'b.example');
    tenant.collection('domains').delete('a.example');
    // No close(): as after kill -9.
    const second = PersistentStore.open(dir);
    expect(
      second.store
        .resolve('t1')
        ?.collection('domains')
        .list()
        .map((domain) => domain.id),
    ).toEqual(['b.example']);
    second.close();
  });

  it('drops a torn last journal line, which no client was ever told had succeeded', () => {
    const dir = stateDir();
    const first = PersistentStore.open(dir);
    addDomain(first.store.createTenant(INFO), 'kept.example');
    appendFileSync(join(dir, 'journal.ndjson'), '{"seq":99,"op":"put","tenant":"t1","collection":"domains","value":{"id":"torn');
    const second = PersistentStore.open(dir);
    expect(
      second.store
        .resolve('t1')
        ?.collection('domains')
        .list()
        .map((domain) => domain.id),
    ).toEqual(['kept.example']);
    // Recovery folded the journal into a snapshot, so later appends cannot bury the torn line.
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8')).toBe('');
    addDomain(second.store.resolve('t1') as Tenant, 'later.example');
    const third = PersistentStore.open(dir);
    expect(third.store.resolve('t1')?.collection('domains').size).toBe(2);
  });

  it('refuses a corrupt line in the middle of the journal, naming file and line, and deletes nothing', () => {
    const dir = stateDir();
    const first = PersistentStore.open(dir);
    addDomain(first.store.createTenant(INFO), 'one.example');
    const journal = join(dir, 'journal.ndjson');
    const lines = readFileSync(journal, 'utf8').split('\n');
    lines.splice(1, 0, 'not json');
    writeFileSync(journal, lines.join('\n'));
    expect(() => PersistentStore.open(dir)).toThrow(
      expect.objectContaining({ code: 'EMULATOR_STATE_CORRUPT', message: expect.stringContaining(`${journal}:2`) }),
    );
    expect(readFileSync(journal, 'utf8')).toContain('not json');
  });

  it('skips journal lines the snapshot already holds (a crash between snapshot and truncation)', () => {
    const dir = stateDir();
    const first = PersistentStore.open(dir);
    const tenant = first.store.createTenant(INFO);
    addDomain(tenant, 'x.example');
    const journal = readFileSync(join(dir, 'journal.ndjson'), 'utf8');
    tenant.collection('domains').delete('x.example');
    first.compact();
    // Put back the old journal as if truncation never happened: its puts are older than the snapshot.
    writeFileSync(join(dir, 'journal.ndjson'), journal);
    const second = PersistentStore.open(dir);
    expect(second.store.resolve('t1')?.collection('domains').size).toBe(0);
  });

  it('writes a snapshot on close and starts from it', () => {
    const dir = stateDir();
    const first = PersistentStore.open(dir);
    addDomain(first.store.createTenant(INFO), 'snap.example');
    first.close();
    expect(readFileSync(join(dir, 'journal.ndjson'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).state.tenants[0].collections.domains).toHaveLength(1);
    expect(PersistentStore.open(dir).store.resolve('snap.example')?.info.id).toBe('t1');
  });
});

describe('MemoryTenantStore', () => {
  it('keeps a record in its place in lookups when it is updated, so a folder lists its messages in UID order', () => {
    const store = new MemoryTenantStore();
    const groups = store.createTenant(INFO).collection('groups');
    const group = (id: string, displayName: string) => ({
      id,
      displayName,
      mailNickname: id,
      mail: `team@contoso.com`,
      securityEnabled: true,
      mailEnabled: true,
      members: [],
    });
    for (const id of ['a', 'b', 'c']) groups.put(group(id, id));
    groups.put(group('a', 'renamed'));
    expect(groups.lookup('mail:team@contoso.com').map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(groups.lookup('name:renamed').map((item) => item.id)).toEqual(['a']);
    expect(groups.lookup('name:a')).toEqual([]);
  });
});
