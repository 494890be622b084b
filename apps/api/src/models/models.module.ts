import { Module } from '@nestjs/common';
import { ComparisonsController } from './comparisons.controller';
import { ComparisonsRepository } from './comparisons.repository';
import { ComparisonsService } from './comparisons.service';
import { ModelsController } from './models.controller';
import { ModelsRepository } from './models.repository';
import { ModelsService } from './models.service';

@Module({ controllers: [ModelsController, ComparisonsController], providers: [ModelsRepository, ModelsService, ComparisonsRepository, ComparisonsService], exports: [ModelsService, ComparisonsService] })
export class ModelsModule {}
