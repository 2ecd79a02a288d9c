/** Bytes of a file's start that identify its type (what file-type reads for every format it knows). */
export const SNIFF_BYTES = 4100;

/**
 * The MIME type of a file from its first bytes, not from what the server declared: a known binary format by
 * its signature, UTF-8 text without binary control bytes as text/plain, anything else application/octet-stream; null for
 * an empty file.
 */
export async function sniffMimeType(head: Buffer): Promise<string | null> {
  if (head.length === 0) return null;
  // Loaded on the first file: only accounts that keep attachments download any.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(head);
  if (detected !== undefined) return detected.mime;
  return isText(head) ? 'text/plain' : 'application/octet-stream';
}

/** WHATWG MIME Sniffing's binary data bytes: control characters that text does not contain. */
const BINARY_BYTE = (byte: number) =>
  byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f);

function isText(head: Buffer): boolean {
  if (head.some(BINARY_BYTE)) return false;
  try {
    // `stream`: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
