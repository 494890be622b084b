import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatasetsController } from './datasets.controller';
import { DatasetsRepository } from './datasets.repository';
import { DatasetsResolver } from './datasets.resolver';
import { DatasetsService } from './datasets.service';

/** Datasets and their versions: upload to the artifact store, profiling job, governance, download. */
@Module({ imports: [AuditModule], controllers: [DatasetsController], providers: [DatasetsRepository, DatasetsService, DatasetsResolver], exports: [DatasetsService] })
export class DatasetsModule {}
