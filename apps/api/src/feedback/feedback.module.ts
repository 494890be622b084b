import { Module } from '@nestjs/common';
import { PlatformRisks } from '../platform-risks/platform-risks';
import { FeedbackController, PublicFeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';

/** User satisfaction: feedback keys, surveys, the public intake and the analytics. */
@Module({ controllers: [FeedbackController, PublicFeedbackController], providers: [FeedbackRepository, FeedbackService, PlatformRisks], exports: [FeedbackService] })
export class FeedbackModule {}
