import { Module } from '@nestjs/common';
import { RunEventsService } from './run-events.service';
import { RunLogsController } from './run-logs.controller';
import { RunLogsRepository } from './run-logs.repository';
import { RunLogsService } from './run-logs.service';
import { RunsController } from './runs.controller';
import { RunsRepository, RunStreamReads } from './runs.repository';
import { RunsService } from './runs.service';

@Module({
  controllers: [RunsController, RunLogsController],
  providers: [RunsRepository, RunStreamReads, RunsService, RunEventsService, RunLogsRepository, RunLogsService],
  exports: [RunsService],
})
export class RunsModule {}
