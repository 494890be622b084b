import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GovernanceService } from './governance.service';
import { RisksController } from './risks.controller';
import { RisksRepository } from './risks.repository';
import { RisksService } from './risks.service';

@Module({ imports: [AuditModule], controllers: [RisksController], providers: [RisksRepository, RisksService, GovernanceService], exports: [RisksService, RisksRepository] })
export class RisksModule {}
