import { HOSTAWAY_TIME_PATTERN } from '../../hostaway-time.js';

/**
 * SQL twin of hostawayTimeKey (src/hostaway-time.ts): the Hostaway time in the text expression `text` as
 * a key that sorts in time order in the C collation, NULL when absent or unreadable. The same pattern and
 * the same key as in code, so a batch's winner chosen in code is the one the SQL guard keeps. Much cheaper
 * than building a timestamptz for every row of every chunk.
 */
export const hostawayTimeKeySql = (text: string) =>
  `(CASE WHEN (${text}) ~ '${HOSTAWAY_TIME_PATTERN}' THEN rtrim(translate(${text}, 'T', ' '), 'Z') END) COLLATE "C"`;
