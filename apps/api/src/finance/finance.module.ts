import { Module } from '@nestjs/common';
import { FeedbackModule } from '../feedback/feedback.module';
import { PlatformRisks } from '../platform-risks/platform-risks';
import { FinanceController } from './finance.controller';
import { FinanceRepository } from './finance.repository';
import { FinanceService } from './finance.service';

/** Budgets, costs, funding, revenue and runway. Exports FinanceService for recordComputeCost (training runs). */
@Module({ imports: [FeedbackModule], controllers: [FinanceController], providers: [FinanceRepository, FinanceService, PlatformRisks], exports: [FinanceService] })
export class FinanceModule {}
