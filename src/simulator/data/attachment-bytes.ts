import { createRng } from '../core/prng.js';
import { magicOf } from './attachment-kinds.js';

const CHUNK = 64 * 1024;
const TEXT = Buffer.from('Simulated attachment text. Deterministic filler for download tests.\n');

/**
 * The bytes of an attachment file, in 64 KiB chunks: the format's magic header and trailer around filler
 * from a random source seeded by the attachment (text files get repeated lines). Same seed, same bytes.
 * Not a decodable image or PDF; only the signature and the size are right.
 */
export function* attachmentChunks(mimeType: string, sizeBytes: number, seed: number): Generator<Buffer> {
  const { head, tail } = magicOf(mimeType);
  const rng = createRng(seed);
  const text = mimeType.startsWith('text/');
  const tailStart = Math.max(head.length, sizeBytes - tail.length);
  for (let start = 0; start < sizeBytes; start += CHUNK) {
    const length = Math.min(CHUNK, sizeBytes - start);
    const chunk = Buffer.alloc(length);
    if (text) for (let i = 0; i < length; i += 1) chunk[i] = TEXT[(start + i) % TEXT.length] ?? 32;
    else
      for (let i = 0; i + 4 <= length; i += 4) chunk.writeUInt32LE(Math.floor(rng.next() * 0x100000000), i);
    for (let at = start; at < Math.min(head.length, start + length); at += 1)
      chunk[at - start] = head[at] ?? 0;
    for (let at = Math.max(tailStart, start); at < start + length; at += 1)
      chunk[at - start] = tail[at - tailStart] ?? 0;
    yield chunk;
  }
}
