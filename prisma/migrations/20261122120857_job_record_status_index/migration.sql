-- CreateIndex
CREATE INDEX "JobRecord_status_createdAt_idx" ON "JobRecord"("status", "createdAt");
