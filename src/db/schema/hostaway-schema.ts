import { sql } from 'drizzle-orm';
import { pgSchema, timestamp } from 'drizzle-orm/pg-core';

/** Every table of the tool lives in this PostgreSQL schema (never `public`). */
export const hostawaySchema = pgSchema('hostaway');

/** Name of the schema, for raw SQL. */
export const SCHEMA_NAME = 'hostaway';

/** A `timestamptz` column, read as a Date. */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}

/** A `timestamptz NOT NULL DEFAULT now()` column. */
export function timestamptzNow(name: string) {
  return timestamptz(name)
    .notNull()
    .default(sql`now()`);
}
