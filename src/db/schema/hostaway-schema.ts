import { pgSchema } from 'drizzle-orm/pg-core';

/** Every table of the tool lives in this PostgreSQL schema (never `public`). */
export const hostawaySchema = pgSchema('hostaway');

/** Name of the schema, for raw SQL. */
export const SCHEMA_NAME = 'hostaway';
