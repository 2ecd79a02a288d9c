ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_mode" text DEFAULT 'polling' NOT NULL;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_mode_reason" text;--> statement-breakpoint
ALTER TABLE "hostaway"."accounts" ADD COLUMN "webhook_mode_since" timestamp with time zone DEFAULT now() NOT NULL;