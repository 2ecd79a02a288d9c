ALTER TABLE "hostaway"."resource_objects" ADD COLUMN "deletion_held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_state" ADD COLUMN "unavailable_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_state" ADD COLUMN "unavailable_reason" text;--> statement-breakpoint
ALTER TABLE "hostaway"."sync_state" ADD COLUMN "unavailable_checked_at" timestamp with time zone;