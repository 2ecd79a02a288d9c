import type { AccountApi } from '../../hostaway/client.js';
import { fetchMessage } from '../../hostaway/resources.js';

/**
 * Asks Hostaway for the message again (`GET /conversations/{id}/messages/{id}`, in the rate budget) and
 * returns the attachment's URL as it is served now: private URLs are re-signed on each fetch. Undefined
 * when the message no longer lists the attachment or gives it no URL.
 */
export async function fetchFreshAttachmentUrl(
  api: AccountApi,
  attachment: { conversationId: number; messageId: number; attachmentId: number },
): Promise<string | undefined> {
  const message = await fetchMessage(api, attachment);
  const listed = (message as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(listed)) return undefined;
  const match = listed.find(
    (a): a is { url?: unknown } =>
      typeof a === 'object' && a !== null && Number((a as { id?: unknown }).id) === attachment.attachmentId,
  );
  return typeof match?.url === 'string' && match.url !== '' ? match.url : undefined;
}
