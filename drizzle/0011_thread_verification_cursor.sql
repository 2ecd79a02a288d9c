DROP INDEX "hostaway"."messages_account_verified_idx";--> statement-breakpoint
ALTER TABLE "hostaway"."messages" DROP COLUMN "verified_at";