import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatasetsController } from './datasets.controller';
import { DatasetsRepository } from './datasets.repository';
import { DatasetsService } from './datasets.service';

/** Datasets and their versions: upload to the artifact store, profiling job, governance, download. */
@Module({ imports: [AuditModule], controllers: [DatasetsController], providers: [DatasetsRepository, DatasetsService], exports: [DatasetsService] })
export class DatasetsModule {}
