import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ModelCardsController } from './model-cards.controller';
import { ModelCardsService } from './model-cards.service';

@Module({ imports: [AuditModule], controllers: [ModelCardsController], providers: [ModelCardsService], exports: [ModelCardsService] })
export class ModelCardsModule {}
