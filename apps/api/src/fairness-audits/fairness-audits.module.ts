import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FairnessAuditsController } from './fairness-audits.controller';
import { FairnessAuditsService } from './fairness-audits.service';

@Module({ imports: [AuditModule], controllers: [FairnessAuditsController], providers: [FairnessAuditsService], exports: [FairnessAuditsService] })
export class FairnessAuditsModule {}
