/**
 * The typed views in schema `hostaway` over the raw tables (created by the `*_query_views*` migrations), in
 * the README's order. `sql --help`, the demo and the README list these; a test checks them against the
 * database and the README.
 */
export const QUERY_VIEWS = [
  'reservation_summary',
  'listing_summary',
  'thread_summary',
  'thread_messages',
  'calendar_days',
  'review_summary',
  'task_summary',
  'reservation_finance',
] as const;
