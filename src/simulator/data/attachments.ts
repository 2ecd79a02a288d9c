import { SimulatorInputError, found } from '../core/errors.js';
import { storeOf, type StoredAttachment } from '../further/store.js';
import { createRng, mixSeed } from '../core/prng.js';
import { resourceStateOf, type ResourceState } from '../core/resource-state.js';
import { buildFromTemplate, type HostawayRecord } from '../templates/key-template.js';
import { ATTACHMENT_KEYS } from '../templates/observed-keys.js';
import { readNumber, type AccountData } from './account-data.js';
import { ATTACHMENT_KINDS, kindForName, LARGE_KIND, type AttachmentKind } from './attachment-kinds.js';
import { attachmentUrl } from './attachment-urls.js';
import { idOf } from './ids.js';
import { threadMessages } from './threads.js';

/** A file added to a message. */
export interface NewAttachment {
  /** Default 'added-file.txt'; the extension picks the MIME type (jpg, png, pdf, txt, else octet-stream). */
  name?: string;
  /** Default 0 (private: the URL is signed and expires). */
  isPublic?: 0 | 1;
  /** Default 1024; at most 1 GiB (bytes are generated while streaming). */
  sizeBytes?: number;
  /** Serve this URL in the message instead of the simulator's own (payloads pointing elsewhere). */
  url?: string;
  /** The simulator's URL of the file answers 302 to this location instead of the bytes. */
  redirectTo?: string;
}

const MAX_ADDED_BYTES = 1024 ** 3;
/** A generated message's attachment id, derived from the message id (messages 300M..800M → 1.64B..2.14B). */
const generatedAttachmentId = (messageIdValue: number): number => messageIdValue + 1_340_000_000;
/** The nth added attachment of the account with index i. */
const addedAttachmentId = (i: number, n: number): number => 280_000_000 + i * 100_000 + n;

function stored(
  message: HostawayRecord,
  id: number,
  kind: AttachmentKind,
  isPublic: 0 | 1,
  size: number,
  seed: number,
): StoredAttachment {
  const object = buildFromTemplate(ATTACHMENT_KEYS, {
    id,
    accountId: message['accountId'],
    listingMapId: message['listingMapId'],
    reservationId: message['reservationId'],
    conversationMessageId: message['id'],
    communicationId: message['communicationId'],
    name: kind.name,
    extension: kind.extension,
    mimeType: kind.mimeType,
    isImage: kind.isImage,
    isPublic,
  });
  return { object, sizeBytes: size, seed };
}

/**
 * The generated attachment of a message, if it has one: one message in `attachmentEvery` (by a hash of
 * seed and message id), and the account's first message carries the large private PDF instead.
 */
function generated(state: ResourceState, data: AccountData, message: HostawayRecord): StoredAttachment[] {
  const id = readNumber(message, 'id');
  const seed = mixSeed(data.seed, id, 0xa77a);
  const { attachmentEvery, largeAttachmentBytes } = state.options;
  if (largeAttachmentBytes > 0 && id === idOf('message', data.accountIndex, 1)) {
    return [stored(message, generatedAttachmentId(id), LARGE_KIND, 0, largeAttachmentBytes, seed)];
  }
  if (attachmentEvery === 0 || seed % attachmentEvery !== 0) return [];
  const rng = createRng(seed);
  const kind = rng.pick(ATTACHMENT_KINDS);
  const isPublic = kind.isImage === 1 && rng.chance(0.5) ? 1 : kind.extension === 'txt' ? 1 : 0;
  return [
    stored(message, generatedAttachmentId(id), kind, isPublic, rng.int(kind.minBytes, kind.maxBytes), seed),
  ];
}

/** A message's attachments (fixed once a mutation touched them, otherwise derived on each use). */
export function attachmentsOf(
  state: ResourceState,
  data: AccountData,
  message: HostawayRecord,
): StoredAttachment[] {
  return storeOf(data).attachments.get(readNumber(message, 'id')) ?? generated(state, data, message);
}

/** A message as served: `attachments` null when it has none, else the items with freshly signed URLs. */
export function servedMessage(data: AccountData, message: HostawayRecord): HostawayRecord {
  const state = resourceStateOf(data);
  if (state === undefined) return message;
  const attachments = attachmentsOf(state, data, message);
  if (attachments.length === 0) return message;
  const conversationId = readNumber(message, 'conversationId');
  const messageId = readNumber(message, 'id');
  return {
    ...message,
    attachments: attachments.map((attachment) => {
      const attachmentId = readNumber(attachment.object, 'id');
      const name = String(attachment.object['name']);
      const address = { accountId: data.accountId, conversationId, messageId, attachmentId, name };
      const url = attachment.url ?? attachmentUrl(state, address, attachment.object['isPublic'] === 1);
      return { ...attachment.object, url };
    }),
  };
}

/** Adds a file to a message (default: a private 1 KiB text file) and returns the message as served. */
export function addAttachment(
  state: ResourceState,
  data: AccountData,
  conversationId: number,
  messageId: number,
  input: NewAttachment,
): HostawayRecord {
  const message = found(
    threadMessages(data, conversationId)?.find((m) => m['id'] === messageId),
    `message ${messageId} not found in conversation ${conversationId}`,
  );
  const size = input.sizeBytes ?? 1024;
  if (!Number.isInteger(size) || size < 0 || size > MAX_ADDED_BYTES) {
    throw new SimulatorInputError(`sizeBytes must be an integer between 0 and ${MAX_ADDED_BYTES}`);
  }
  const name = input.name ?? 'added-file.txt';
  if (typeof name !== 'string' || name === '' || name.includes('/'))
    throw new SimulatorInputError('name must be a file name');
  const isPublic = input.isPublic ?? 0;
  if (isPublic !== 0 && isPublic !== 1) throw new SimulatorInputError('isPublic must be 0 or 1');
  for (const field of ['url', 'redirectTo'] as const) {
    const value = input[field];
    if (value !== undefined && (typeof value !== 'string' || !URL.canParse(value)))
      throw new SimulatorInputError(`${field} must be an absolute URL`);
  }
  const store = storeOf(data);
  store.addedAttachments += 1;
  const id = addedAttachmentId(data.accountIndex, store.addedAttachments);
  const kind = { ...kindForName(name), name, minBytes: size, maxBytes: size };
  const added = {
    ...stored(message, id, kind, isPublic, size, mixSeed(data.seed, id)),
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.redirectTo === undefined ? {} : { redirectTo: input.redirectTo }),
  };
  store.attachments.set(messageId, [...attachmentsOf(state, data, message), added]);
  return servedMessage(data, message);
}

/** Every URL of the account's attachments issued so far answers 410; later fetches get new URLs. */
export function expireAttachmentUrls(state: ResourceState, accountId: number): void {
  state.urlGenerations.set(accountId, (state.urlGenerations.get(accountId) ?? 0) + 1);
}
