import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FairnessAuditsModule } from '../fairness-audits/fairness-audits.module';
import { FeedbackModule } from '../feedback/feedback.module';
import { FinanceModule } from '../finance/finance.module';
import { ApiJobsModule } from '../jobs/jobs.module';
import { ModelsModule } from '../models/models.module';
import { OrgsModule } from '../orgs/orgs.module';
import { ProgressModule } from '../progress/progress.module';
import { ProjectsModule } from '../projects/projects.module';
import { RisksModule } from '../risks/risks.module';
import { RunsModule } from '../runs/runs.module';
import { TeamModule } from '../team/team.module';
import { CompanyResolver } from './company.resolver';
import { PlatformResolver } from './platform.resolver';
import { ApiResolver } from './resolvers';

/**
 * Resolvers of every area live here and call the areas' exported services (the same instances REST
 * uses: Nest modules are singletons), so GraphQL adds no second copy of any rule.
 */
@Module({
  imports: [AuthModule, OrgsModule, ProjectsModule, ApiJobsModule, RunsModule, ModelsModule, RisksModule, FairnessAuditsModule, TeamModule, ProgressModule, FinanceModule, FeedbackModule],
  providers: [ApiResolver, CompanyResolver, PlatformResolver],
})
export class GraphqlApiModule {}
