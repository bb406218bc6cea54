-- CreateIndex
CREATE INDEX "Declaration_branchUnitId_registeredAt_idx" ON "Declaration"("branchUnitId", "registeredAt");

-- CreateIndex
CREATE INDEX "Feedback_businessId_submittedAt_idx" ON "Feedback"("businessId", "submittedAt");

-- CreateIndex
CREATE INDEX "Feedback_subjectOfficerId_submittedAt_idx" ON "Feedback"("subjectOfficerId", "submittedAt");

-- CreateIndex
CREATE INDEX "Feedback_subjectUnitId_submittedAt_idx" ON "Feedback"("subjectUnitId", "submittedAt");

