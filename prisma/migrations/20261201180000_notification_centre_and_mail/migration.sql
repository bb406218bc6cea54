-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "mailAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "mailError" TEXT,
ADD COLUMN     "mailNextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "readAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Notification_sentAt_mailNextAttemptAt_idx" ON "Notification"("sentAt", "mailNextAttemptAt");

