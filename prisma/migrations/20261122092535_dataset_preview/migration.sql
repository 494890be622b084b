-- AlterTable
ALTER TABLE "DatasetVersion" ADD COLUMN     "preview" JSONB;
