/** The tables that mirror Hostaway resources, described for the generic upsert/reconcile SQL. */
export type MirrorTableName = 'listings' | 'reservations' | 'messages';

export interface MirrorColumn {
  /** Column name, also the key of the JSON record sent for it. */
  name: string;
  type: 'bigint' | 'jsonb';
}

export interface MirrorTableSpec {
  name: MirrorTableName;
  /** The resource's id column; the primary key is (account_id, key). */
  key: 'id' | 'conversation_id';
  /** Data columns besides account_id, customer_id, the key and the bookkeeping timestamps. */
  columns: readonly MirrorColumn[];
}

export const MIRROR_TABLES: Readonly<Record<MirrorTableName, MirrorTableSpec>> = {
  listings: { name: 'listings', key: 'id', columns: [{ name: 'raw_payload', type: 'jsonb' }] },
  reservations: {
    name: 'reservations',
    key: 'id',
    columns: [
      { name: 'listing_id', type: 'bigint' },
      { name: 'raw_payload', type: 'jsonb' },
    ],
  },
  messages: {
    name: 'messages',
    key: 'conversation_id',
    columns: [
      { name: 'reservation_id', type: 'bigint' },
      { name: 'listing_id', type: 'bigint' },
      { name: 'raw_conversation', type: 'jsonb' },
      { name: 'raw_messages', type: 'jsonb' },
    ],
  },
};

export function mirrorTableSpec(name: MirrorTableName): MirrorTableSpec {
  const spec = MIRROR_TABLES[name];
  if (spec === undefined) throw new TypeError(`unknown mirror table ${String(name)}`);
  return spec;
}
