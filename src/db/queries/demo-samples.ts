import type { Queryable } from '../database.js';

/** One calendar day as the demo shows it (from the stored payload). */
export interface CalendarDaySample {
  listingId: number;
  day: string;
  status: string | null;
  price: number | null;
  minimumStay: number | null;
}

/** One stored attachment as the demo shows it. */
export interface AttachmentSample {
  attachmentId: number;
  name: string | null;
  sizeBytes: number;
  mimeType: string | null;
  sha256: string;
}

export interface DemoSamples {
  calendarDays: number;
  /** Today's day of the first listing (else its first stored day); null without calendar rows. */
  calendarDay: CalendarDaySample | null;
  /** Attachments found and stored, and the bytes of their files (each file once). */
  attachments: { found: number; stored: number; storedBytes: number };
  /** The smallest stored file (quick to write out); null when none is stored. */
  attachment: AttachmentSample | null;
}

/** What the demo report shows of the resources beyond the core three. */
export async function readDemoSamples(db: Queryable, accountId: number): Promise<DemoSamples> {
  const { rows: days } = await db.query<{ n: number; sample: CalendarDaySample | null }>(
    `SELECT (SELECT count(*)::int FROM hostaway.listing_calendar WHERE account_id = $1) AS n,
       (SELECT json_build_object('listingId', listing_id, 'day', day::text, 'status', raw_payload->>'status',
          'price', (raw_payload->>'price')::numeric, 'minimumStay', (raw_payload->>'minimumStay')::int)
        FROM hostaway.listing_calendar WHERE account_id = $1
        ORDER BY listing_id, day = current_date DESC, day LIMIT 1) AS sample`,
    [accountId],
  );
  const { rows: files } = await db.query<DemoSamples['attachments'] & { sample: AttachmentSample | null }>(
    `SELECT count(*)::int AS found, count(*) FILTER (WHERE a.status = 'stored')::int AS stored,
       (SELECT coalesce(sum(size_bytes), 0)::float8 FROM hostaway.attachment_files WHERE account_id = $1)
         AS "storedBytes",
       (SELECT json_build_object('attachmentId', s.attachment_id, 'name', s.name, 'sizeBytes', sf.size_bytes,
           'mimeType', sf.mime_type, 'sha256', s.sha256)
        FROM hostaway.message_attachments s
        JOIN hostaway.attachment_files sf ON sf.account_id = s.account_id AND sf.sha256 = s.sha256
        WHERE s.account_id = $1 AND s.status = 'stored'
        ORDER BY sf.size_bytes, s.attachment_id LIMIT 1) AS sample
     FROM hostaway.message_attachments a WHERE a.account_id = $1`,
    [accountId],
  );
  const { sample: attachment, ...attachments } = files[0]!;
  return {
    calendarDays: days[0]!.n,
    calendarDay: days[0]!.sample,
    attachments,
    attachment,
  };
}
