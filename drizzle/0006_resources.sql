CREATE TABLE "hostaway"."attachment_files" (
	"account_id" bigint NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"mime_type" text,
	"content" "bytea",
	"storage_path" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachment_files_account_id_sha256_pk" PRIMARY KEY("account_id","sha256")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."listing_calendar" (
	"account_id" bigint NOT NULL,
	"listing_id" bigint NOT NULL,
	"day" date NOT NULL,
	"customer_id" uuid NOT NULL,
	"raw_payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listing_calendar_account_id_listing_id_day_pk" PRIMARY KEY("account_id","listing_id","day")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."message_attachments" (
	"account_id" bigint NOT NULL,
	"attachment_id" bigint NOT NULL,
	"customer_id" uuid NOT NULL,
	"conversation_id" bigint NOT NULL,
	"message_id" bigint NOT NULL,
	"name" text,
	"mime_type" text,
	"is_public" boolean DEFAULT false NOT NULL,
	"url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"sha256" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_attachments_account_id_attachment_id_pk" PRIMARY KEY("account_id","attachment_id")
);
--> statement-breakpoint
CREATE TABLE "hostaway"."resource_objects" (
	"account_id" bigint NOT NULL,
	"resource" text NOT NULL,
	"key" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"parent_id" bigint,
	"raw_payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "resource_objects_account_id_resource_key_pk" PRIMARY KEY("account_id","resource","key")
);
--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "resources" text[];--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "download_attachments" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "hostaway"."attachment_files" ADD CONSTRAINT "attachment_files_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."listing_calendar" ADD CONSTRAINT "listing_calendar_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."message_attachments" ADD CONSTRAINT "message_attachments_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hostaway"."resource_objects" ADD CONSTRAINT "resource_objects_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_attachments_status_idx" ON "hostaway"."message_attachments" USING btree ("account_id","status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "message_attachments_sha_idx" ON "hostaway"."message_attachments" USING btree ("account_id","sha256");--> statement-breakpoint
CREATE INDEX "resource_objects_parent_idx" ON "hostaway"."resource_objects" USING btree ("account_id","resource","parent_id");--> statement-breakpoint
-- Attachment bytes are mostly compressed already (images, PDFs): stored out of line without a compression
-- attempt. The new raw JSONB columns get lz4 where the server offers it, as in 0003.
ALTER TABLE "hostaway"."attachment_files" ALTER COLUMN "content" SET STORAGE EXTERNAL;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE hostaway.resource_objects ALTER COLUMN raw_payload SET COMPRESSION lz4;
    ALTER TABLE hostaway.listing_calendar ALTER COLUMN raw_payload SET COMPRESSION lz4;
  END IF;
END
$$;
