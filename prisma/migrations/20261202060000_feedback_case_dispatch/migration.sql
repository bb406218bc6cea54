-- The outbox of case workflows to start (services/feedback-dispatch.ts): the rating's transaction writes a row
-- with each case it opens, the case dispatcher removes it once the case's workflow is started.

-- CreateTable
CREATE TABLE "FeedbackCaseDispatch" (
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,

    CONSTRAINT "FeedbackCaseDispatch_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "FeedbackCaseDispatch_nextAttemptAt_idx" ON "FeedbackCaseDispatch"("nextAttemptAt");

-- AddForeignKey
ALTER TABLE "FeedbackCaseDispatch" ADD CONSTRAINT "FeedbackCaseDispatch_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "FeedbackCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Cases opened before this migration and not taken on yet (Temporal was down): the dispatcher starts them too.
INSERT INTO "FeedbackCaseDispatch" ("caseId", "createdAt", "nextAttemptAt")
SELECT id, "createdAt", CURRENT_TIMESTAMP FROM "FeedbackCase" WHERE status = 'OPEN' AND "workflowId" IS NULL;
