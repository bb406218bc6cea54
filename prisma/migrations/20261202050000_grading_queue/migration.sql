-- Attempts submitted and not yet graded (issue 15): a submission closes its attempt and queues it in one
-- statement, and graders take the queue in batches (services/grading.ts). An attempt that could not be graded
-- waits until retryAt, with the reason in lastError.
CREATE TABLE "GradingQueue" (
    "attemptId" TEXT NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,
    "retryAt" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "GradingQueue_pkey" PRIMARY KEY ("attemptId")
);

CREATE INDEX "GradingQueue_queuedAt_idx" ON "GradingQueue"("queuedAt");

ALTER TABLE "GradingQueue" ADD CONSTRAINT "GradingQueue_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
