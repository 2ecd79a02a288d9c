/**
 * Id blocks of the further resources (same idea as ids.ts: one block per account and resource, unique across
 * accounts, below 2^31). `i` is the account index, `n` the 1-based number within the account.
 */
export const reviewId = (i: number, n: number): number => 40_000_000 + i * 100_000 + n;
export const taskId = (i: number, n: number): number => 150_000_000 + i * 500_000 + n;
export const expenseId = (i: number, n: number): number => 200_000_000 + i * 100_000 + n;
export const ownerStatementId = (i: number, n: number): number => 210_000_000 + i * 100_000 + n;
export const guestChargeId = (i: number, n: number): number => 270_000_000 + i * 100_000 + n;
export const addedAttachmentId = (i: number, n: number): number => 280_000_000 + i * 100_000 + n;
export const userId = (i: number, n: number): number => 1_100_000 + i * 1_000 + n;
export const userGroupId = (i: number, n: number): number => 1_200_000 + i * 100 + n;
export const couponId = (i: number, n: number): number => 1_300_000 + i * 100 + n;
export const messageTemplateId = (i: number, n: number): number => 1_400_000 + i * 100 + n;
export const cancellationPolicyId = (i: number, n: number): number => 1_500_000 + i * 100 + n;

/** Finance fields: up to 8 per reservation, derived from the reservation id (so lazily built ids are stable). */
export function financeFieldId(accountIndex: number, reservationIdValue: number, k: number): number {
  const n = reservationIdValue - 20_000_000 - accountIndex * 100_000;
  return 220_000_000 + accountIndex * 800_000 + n * 8 + k;
}

/** A generated message's attachment id, derived from the message id (messages 300M..800M → 1.64B..2.14B). */
export const generatedAttachmentId = (messageIdValue: number): number => messageIdValue + 1_340_000_000;

/**
 * Calendar day ids: unique per listing and date within an account (not across accounts), derived from the
 * listing number and the day number since 1970, so any requested range has stable ids.
 */
export function calendarDayId(accountIndex: number, listingIdValue: number, dayNumber: number): number {
  const n = listingIdValue - 100_000 - accountIndex * 10_000;
  return 1_000_000_000 + Math.max(0, n - 1) * 40_000 + (((dayNumber % 40_000) + 40_000) % 40_000);
}
