import { Inject } from '@nestjs/common';

export const API_CONFIG = Symbol('API_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const PRISMA = Symbol('PRISMA');
export const JOB_QUEUE = Symbol('JOB_QUEUE');

export const InjectConfig = () => Inject(API_CONFIG);
export const InjectPrisma = () => Inject(PRISMA);
export const InjectQueue = () => Inject(JOB_QUEUE);
export const InjectDatabase = () => Inject(DATABASE);
