ALTER TABLE "hostaway"."attachment_files" ADD COLUMN "declared_mime_type" text;--> statement-breakpoint
ALTER TABLE "hostaway"."message_attachments" ADD COLUMN "refused_size_bytes" bigint;