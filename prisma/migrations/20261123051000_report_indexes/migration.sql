-- CreateIndex
CREATE INDEX "FollowUpTask_cycleId_status_idx" ON "FollowUpTask"("cycleId", "status");

-- CreateIndex
CREATE INDEX "Registration_officerId_idx" ON "Registration"("officerId");

