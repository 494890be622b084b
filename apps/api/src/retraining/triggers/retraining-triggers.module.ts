import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { DatasetsModule } from '../../datasets/datasets.module';
import { FeedbackModule } from '../../feedback/feedback.module';
import { PlatformRisks } from '../../platform-risks/platform-risks';
import { RetrainingModule } from '../retraining.module';
import { RetrainTriggersController } from './retraining-triggers.controller';
import { RetrainTriggersRepository } from './retraining-triggers.repository';
import { RetrainTriggersService } from './retraining-triggers.service';

/**
 * Retraining triggers and production metrics. Listens to new dataset versions (DatasetsService)
 * and satisfaction signals (FeedbackService); launches through the RetrainingLauncher; queues
 * retraining.drift-check for the worker.
 */
@Module({ imports: [AuditModule, DatasetsModule, FeedbackModule, RetrainingModule], controllers: [RetrainTriggersController], providers: [RetrainTriggersRepository, RetrainTriggersService, PlatformRisks], exports: [RetrainTriggersService] })
export class RetrainTriggersModule {}
