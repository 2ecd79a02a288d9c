/** A timestamp for tables: ISO 8601 in UTC to the second, or null (shown as "-"). */
export function formatTime(value: Date | string | null | undefined): string | null {
  return value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
