/** A Hostaway id as a safe positive integer, or null (ids arrive as numbers, sometimes as strings). */
export function toId(value: unknown): number | null {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : null;
}
