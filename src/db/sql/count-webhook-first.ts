/**
 * A data-modifying statement for a CTE: adds the events of `source` (rows with account_id, status and
 * outcome) that stored a change first — a reservation inserted or updated, a message added to its thread —
 * to the current hour's `webhook_first` of their accounts. Accounts in key order, so concurrent writers
 * lock the counter rows in the same order.
 */
export function countWebhookFirstSql(source: string): string {
  return `INSERT INTO hostaway.webhook_coverage AS c (account_id, hour, webhook_first)
  SELECT account_id, date_trunc('hour', now()), count(*)::int FROM ${source}
  WHERE status = 'applied' AND outcome IN ('inserted', 'updated', 'merged')
  GROUP BY account_id ORDER BY account_id
  ON CONFLICT (account_id, hour) DO UPDATE SET webhook_first = c.webhook_first + excluded.webhook_first`;
}
