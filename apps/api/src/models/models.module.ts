import { Module } from '@nestjs/common';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';
import { PromotionGate } from './promotion-gate';

@Module({ controllers: [ModelsController], providers: [ModelsRepository, ModelsService, PromotionGate], exports: [ModelsService, PromotionGate] })
export class ModelsModule {}
