import { runAttachmentsGet } from './commands/attachments-get.js';
import { runAttachmentsList } from './commands/attachments-list.js';
import type { WithRuntime } from './handlers.js';
import type { AttachmentsHandlers } from './program-attachments.js';

export function createAttachmentsHandlers(withRuntime: WithRuntime): AttachmentsHandlers {
  return {
    attachmentsList: (options, globals) => withRuntime(globals, (rt) => runAttachmentsList(rt, options)),
    attachmentsGet: (id, options, globals) =>
      withRuntime(globals, (rt) => runAttachmentsGet(rt, id, options)),
  };
}
