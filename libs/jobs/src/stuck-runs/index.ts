export { StuckJobSweeper, type StuckJobSweeperOptions, type SweepOutcome, type SweepAction } from './stuck-job-sweeper';
