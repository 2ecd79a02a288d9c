CREATE TABLE "hostaway"."account_leases" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hostaway"."account_leases" ADD CONSTRAINT "account_leases_account_id_accounts_account_id_fk" FOREIGN KEY ("account_id") REFERENCES "hostaway"."accounts"("account_id") ON DELETE cascade ON UPDATE no action;