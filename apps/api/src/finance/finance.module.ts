import { Module } from '@nestjs/common';
import { FinanceController } from './finance.controller';
import { FinanceRepository } from './finance.repository';
import { FinanceService } from './finance.service';

/** Budgets, costs, funding, revenue and runway. Exports FinanceService for recordComputeCost (training runs). */
@Module({ controllers: [FinanceController], providers: [FinanceRepository, FinanceService], exports: [FinanceService] })
export class FinanceModule {}
