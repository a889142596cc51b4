import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

/** Everything that differs between stages, chosen by `cdk deploy -c stage=dev|prod`. */
export interface StageConfig {
  stage: StageName;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** API Gateway stage throttling (steady requests per second and burst). */
  throttleRateLimit: number;
  throttleBurstLimit: number;
}

const stages: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttleRateLimit: 50,
    throttleBurstLimit: 100,
  },
  prod: {
    stage: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    throttleRateLimit: 500,
    throttleBurstLimit: 1000,
  },
};

export function stageConfig(name: unknown): StageConfig {
  const stage = name ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`Unknown stage "${String(stage)}": use -c stage=dev or -c stage=prod`);
  return stages[stage];
}
