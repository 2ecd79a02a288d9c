/** The kinds of file attached to generated messages, and the magic bytes their files start and end with. */
export type AttachmentKind = ReturnType<typeof kind>;

const kind = (name: string, mimeType: string, minBytes: number, maxBytes: number) => ({
  name,
  extension: name.split('.').pop()!,
  mimeType,
  isImage: mimeType.startsWith('image/') ? (1 as const) : (0 as const),
  minBytes,
  maxBytes,
});

export const ATTACHMENT_KINDS = [
  kind('photo.jpg', 'image/jpeg', 20_000, 120_000),
  kind('screenshot.png', 'image/png', 10_000, 80_000),
  kind('booking-confirmation.pdf', 'application/pdf', 5_000, 60_000),
  kind('notes.txt', 'text/plain', 200, 2_000),
];

export const LARGE_KIND = kind('guest-documents.pdf', 'application/pdf', 0, 0);

const MAGIC: Record<string, [string, string]> = {
  'image/jpeg': ['ffd8ffe000104a46494600010100000100010000', 'ffd9'],
  'image/png': ['89504e470d0a1a0a', '0000000049454e44ae426082'],
  'application/pdf': [
    Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1').toString('hex'),
    Buffer.from('\n%%EOF\n').toString('hex'),
  ],
};

/** Header and trailer bytes of a file of this MIME type (empty for types without a signature). */
export function magicOf(mimeType: string): { head: Buffer; tail: Buffer } {
  const [head, tail] = MAGIC[mimeType] ?? ['', ''];
  return { head: Buffer.from(head, 'hex'), tail: Buffer.from(tail, 'hex') };
}

/** The kind whose extension matches a file name (default: a binary download). */
export function kindForName(name: string): Pick<AttachmentKind, 'extension' | 'mimeType' | 'isImage'> {
  const extension = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : 'bin';
  const known = ATTACHMENT_KINDS.find((kind) => kind.extension === extension);
  if (known !== undefined) return known;
  return { extension, mimeType: 'application/octet-stream', isImage: 0 };
}
