-- AlterTable
ALTER TABLE "FairnessAudit" ADD COLUMN     "datasetVersionId" TEXT,
ADD COLUMN     "exceptionAt" TIMESTAMP(3),
ADD COLUMN     "exceptionById" TEXT,
ADD COLUMN     "exceptionJustification" TEXT;

-- CreateTable
CREATE TABLE "ModelCardNotes" (
    "modelVersionId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "intendedUse" TEXT NOT NULL DEFAULT '',
    "outOfScopeUse" TEXT NOT NULL DEFAULT '',
    "limitations" TEXT NOT NULL DEFAULT '',
    "ethicalConsiderations" TEXT NOT NULL DEFAULT '',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelCardNotes_pkey" PRIMARY KEY ("modelVersionId")
);

-- CreateIndex
CREATE INDEX "ModelCardNotes_organizationId_idx" ON "ModelCardNotes"("organizationId");

-- CreateIndex
CREATE INDEX "FairnessAudit_organizationId_createdAt_id_idx" ON "FairnessAudit"("organizationId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "FairnessAudit_modelVersionId_completedAt_idx" ON "FairnessAudit"("modelVersionId", "completedAt");

-- AddForeignKey
ALTER TABLE "ModelCardNotes" ADD CONSTRAINT "ModelCardNotes_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
