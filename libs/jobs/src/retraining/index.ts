export { RetrainScheduler, syncScheduleToQueue, scheduleQueueId, slotDedupeKey, slotFromJobId, type ScheduleRow, type FireResult, type SlotOutcome } from './schedules';
export { RetrainScheduleProcessor } from './retrain-schedule.processor';
