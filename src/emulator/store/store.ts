/**
 * The TenantStore: every emulated service reads and writes the tenant through this interface, so
 * a grant made through the Exchange admin API is the grant IMAP enforces (docs/architecture.md, "The
 * emulator"). The memory implementation is partitioned by tenant and indexed (indexes.ts); each
 * change is handed to a sink (the journal, persist.ts) before the caller answers its client.
 * Records are immutable: a handler writes a changed copy with `put`.
 */
import { INDEXES } from './indexes.js';
import type { CollectionName, Collections, TenantInfo } from './model.js';

export interface Collection<T extends { readonly id: string }> {
  get(id: string): T | undefined;
  /** Records with the secondary key (see indexes.ts), in insertion order. */
  lookup(key: string): T[];
  list(): readonly T[];
  readonly size: number;
  put(item: T): void;
  delete(id: string): boolean;
}

export interface Tenant {
  readonly info: TenantInfo;
  collection<K extends CollectionName>(name: K): Collection<Collections[K]>;
}

/** One change, as journalled: enough to replay it on top of a snapshot, idempotently. */
export type Change =
  | { readonly op: 'tenant'; readonly info: TenantInfo }
  | { readonly op: 'put'; readonly tenant: string; readonly collection: CollectionName; readonly value: { readonly id: string } }
  | { readonly op: 'delete'; readonly tenant: string; readonly collection: CollectionName; readonly id: string }
  /** The whole state was replaced (reset or import): the journal writes a snapshot at once. */
  | { readonly op: 'replace' };

/** The whole state, as exported by the control API and written as the snapshot. */
export interface StateDump {
  readonly version: 1;
  readonly tenants: readonly {
    readonly info: TenantInfo;
    readonly collections: { readonly [K in CollectionName]?: readonly Collections[K][] };
  }[];
}

export interface TenantStore {
  tenants(): Tenant[];
  /** A tenant by its GUID or any of its domains, case-insensitively. */
  resolve(idOrDomain: string): Tenant | undefined;
  createTenant(info: TenantInfo): Tenant;
  dump(): StateDump;
  /** Replace everything with `dump` (the control API's import, and start-up from a snapshot). */
  load(dump: StateDump): void;
  reset(): void;
  /** Hear every change after it is journalled (IMAP IDLE listens for new mail); returns the unsubscribe. */
  subscribe(listener: (change: Change) => void): () => void;
}

class MemoryCollection<T extends { readonly id: string }> implements Collection<T> {
  private readonly items = new Map<string, T>();
  private readonly index = new Map<string, Set<string>>();
  /** list() copied once per change, not once per call: list pages read it on every request. */
  private listed: readonly T[] | undefined;

  constructor(
    private readonly keysOf: (item: T) => readonly string[],
    private readonly changed: (change: { op: 'put'; value: T } | { op: 'delete'; id: string }) => void,
  ) {}

  get size(): number {
    return this.items.size;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  lookup(key: string): T[] {
    const ids = this.index.get(key);
    const found: T[] = [];
    if (ids === undefined) return found;
    for (const id of ids) {
      const item = this.items.get(id);
      if (item !== undefined) found.push(item);
    }
    return found;
  }

  list(): readonly T[] {
    this.listed ??= [...this.items.values()];
    return this.listed;
  }

  put(item: T): void {
    this.insert(item);
    this.changed({ op: 'put', value: item });
  }

  delete(id: string): boolean {
    if (!this.remove(id)) return false;
    this.changed({ op: 'delete', id });
    return true;
  }

  /**
   * Insert without telling the sink: used when replaying. Replacing a record keeps its place in
   * list() and in every index it stays in, so lookups keep insertion order across updates.
   */
  insert(item: T): void {
    const old = this.items.get(item.id);
    const keys = this.keysOf(item);
    if (old !== undefined) {
      for (const key of this.keysOf(old)) if (!keys.includes(key)) this.unindex(key, item.id);
    }
    this.listed = undefined;
    this.items.set(item.id, item);
    for (const key of keys) {
      let ids = this.index.get(key);
      if (ids === undefined) this.index.set(key, (ids = new Set()));
      ids.add(item.id);
    }
  }

  private unindex(key: string, id: string): void {
    const ids = this.index.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.index.delete(key);
  }

  remove(id: string): boolean {
    const old = this.items.get(id);
    if (old === undefined) return false;
    for (const key of this.keysOf(old)) this.unindex(key, id);
    this.items.delete(id);
    this.listed = undefined;
    return true;
  }
}

class MemoryTenant implements Tenant {
  private readonly collections = new Map<CollectionName, MemoryCollection<{ readonly id: string }>>();

  constructor(
    readonly info: TenantInfo,
    private readonly sink: (change: Change) => void,
  ) {}

  collection<K extends CollectionName>(name: K): MemoryCollection<Collections[K]> {
    let collection = this.collections.get(name);
    if (collection === undefined) {
      const keysOf = INDEXES[name] as (item: { readonly id: string }) => readonly string[];
      collection = new MemoryCollection(keysOf, (change) =>
        this.sink(
          change.op === 'put'
            ? { op: 'put', tenant: this.info.id, collection: name, value: change.value }
            : { op: 'delete', tenant: this.info.id, collection: name, id: change.id },
        ),
      );
      this.collections.set(name, collection);
    }
    return collection as unknown as MemoryCollection<Collections[K]>;
  }

  names(): CollectionName[] {
    return [...this.collections.keys()];
  }
}

export class MemoryTenantStore implements TenantStore {
  private readonly byId = new Map<string, MemoryTenant>();
  private readonly listeners = new Set<(change: Change) => void>();
  private readonly sink: (change: Change) => void;

  /** `journal` receives every change before the call that made it returns; listeners hear it after. */
  constructor(journal: (change: Change) => void = () => {}) {
    this.sink = (change) => {
      journal(change);
      for (const listener of this.listeners) listener(change);
    };
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tenants(): Tenant[] {
    return [...this.byId.values()];
  }

  resolve(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    const byId = this.byId.get(key);
    if (byId !== undefined) return byId;
    for (const tenant of this.byId.values()) {
      if (tenant.info.initialDomain === key || tenant.collection('domains').get(key) !== undefined) return tenant;
    }
    return undefined;
  }

  createTenant(info: TenantInfo): Tenant {
    const tenant = this.addTenant(info);
    this.sink({ op: 'tenant', info });
    return tenant;
  }

  dump(): StateDump {
    return {
      version: 1,
      tenants: [...this.byId.values()].map((tenant) => ({
        info: tenant.info,
        collections: Object.fromEntries(tenant.names().map((name) => [name, tenant.collection(name).list()])),
      })),
    };
  }

  load(dump: StateDump): void {
    this.restore(dump);
    this.sink({ op: 'replace' });
  }

  /** Replace the state with `dump` without telling the sink: start-up from a snapshot. */
  restore(dump: StateDump): void {
    this.byId.clear();
    for (const entry of dump.tenants) {
      const tenant = this.addTenant(entry.info);
      for (const [name, items] of Object.entries(entry.collections) as [CollectionName, readonly { id: string }[]][]) {
        const collection = tenant.collection(name) as unknown as MemoryCollection<{ readonly id: string }>;
        for (const item of items) collection.insert(item);
      }
    }
  }

  reset(): void {
    this.byId.clear();
    this.sink({ op: 'replace' });
  }

  /** Apply a journalled change without journalling it again. */
  replay(change: Change): void {
    switch (change.op) {
      case 'replace':
        throw new Error('a replacement is written as a snapshot, never journalled');
      case 'tenant':
        if (!this.byId.has(change.info.id)) this.addTenant(change.info);
        return;
      case 'put':
      case 'delete': {
        const tenant = this.byId.get(change.tenant);
        if (tenant === undefined) throw new Error(`the journal changes tenant ${change.tenant} before creating it`);
        const collection = tenant.collection(change.collection) as unknown as MemoryCollection<{ readonly id: string }>;
        if (change.op === 'put') collection.insert(change.value);
        else collection.remove(change.id);
      }
    }
  }

  private addTenant(info: TenantInfo): MemoryTenant {
    const tenant = new MemoryTenant(info, (change) => this.sink(change));
    this.byId.set(info.id, tenant);
    return tenant;
  }
}
