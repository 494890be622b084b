import { Module } from '@nestjs/common';
import { RunEventsService } from './run-events.service';
import { RunsController } from './runs.controller';
import { RunsRepository, RunStreamReads } from './runs.repository';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsController], providers: [RunsRepository, RunStreamReads, RunsService, RunEventsService], exports: [RunsService] })
export class RunsModule {}
