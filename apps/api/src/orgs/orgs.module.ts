import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OrgsController } from './orgs.controller';
import { OrgsRepository } from './orgs.repository';
import { OrgsService } from './orgs.service';

@Module({ imports: [AuditModule], controllers: [OrgsController], providers: [OrgsRepository, OrgsService], exports: [OrgsService] })
export class OrgsModule {}
