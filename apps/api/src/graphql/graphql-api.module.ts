import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiJobsModule } from '../jobs/jobs.module';
import { OrgsModule } from '../orgs/orgs.module';
import { ProjectsModule } from '../projects/projects.module';
import { ApiResolver } from './resolvers';

@Module({ imports: [AuthModule, OrgsModule, ProjectsModule, ApiJobsModule], providers: [ApiResolver] })
export class GraphqlApiModule {}
