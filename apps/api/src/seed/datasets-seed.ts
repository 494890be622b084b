// Demo data for the datasets pages: the digits file shipped in datasets/ uploaded through the real
// service (artifact store, content hash, profile job) into the Invoice Reader project, with its
// governance filled in. Idempotent: a project that already has the dataset is left alone. Skipped
// with a log line where the datasets/ folder is not shipped (a slim production image).
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaClient } from '@meridian/db';
import type { DatasetsService } from '../datasets/datasets.service';

const FILE = join(__dirname, '../../../../datasets/digits-8x8.csv');
export const DIGITS_PROJECT = 'Invoice Reader';
export const DIGITS_DATASET = 'handwritten-digits';
const PROJECT = DIGITS_PROJECT;
const NAME = DIGITS_DATASET;

export async function seedDatasets(service: DatasetsService, prisma: PrismaClient, organizationId: string, log: (msg: string) => void = () => undefined): Promise<void> {
  if (!existsSync(FILE)) {
    log(`demo dataset skipped: ${FILE} is not present`);
    return;
  }
  const project = await prisma.project.findFirst({ where: { organizationId, name: PROJECT }, select: { id: true } });
  const owner = await prisma.membership.findFirst({ where: { organizationId, role: 'OWNER' }, select: { user: { select: { id: true, email: true, name: true } } } });
  if (!project || !owner) return;
  if (await prisma.dataset.findFirst({ where: { projectId: project.id, name: NAME }, select: { id: true } })) return;

  const principal = { kind: 'user' as const, userId: owner.user.id, sessionId: 'demo-seed', email: owner.user.email, name: owner.user.name };
  const actor = { principal, requestId: 'demo-seed', ip: '' };
  const org = { organizationId, role: 'OWNER' as const, principal };
  const dataset = await service.create(actor, org, project.id, {
    name: NAME,
    description: '1,797 scanned handwritten digits (8x8 grey levels) used to pre-train the amount-field recogniser.',
  });
  const { version } = await service.upload(actor, org, dataset.id, { fileName: 'digits-8x8.csv', stream: createReadStream(FILE), truncated: () => false, fields: { targetColumn: 'label' } });
  await service.updateGovernance(actor, org, dataset.id, version.id, {
    source: 'PUBLIC',
    licence: 'CC BY 4.0 (UCI Machine Learning Repository, Alpaydin & Kaynak 1998)',
    containsPersonalData: false,
    anonymised: false,
    legalBasis: 'Not personal data: public research dataset',
    retentionDays: 730,
  });
  log(`demo dataset ${NAME} v${version.version} uploaded`);
}
