import { Module } from '@nestjs/common';
import { MilestoneMetricResolver } from './milestone-metric';
import { ProgressController } from './progress.controller';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

@Module({ controllers: [ProgressController], providers: [ProgressRepository, MilestoneMetricResolver, ProgressService], exports: [ProgressService] })
export class ProgressModule {}
