import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/** Queues jobs and serves their records; the processors themselves live in @meridian/jobs. */
@Module({ imports: [ProjectsModule], controllers: [JobsController], providers: [JobsRepository, JobsService], exports: [JobsService] })
export class ApiJobsModule {}
