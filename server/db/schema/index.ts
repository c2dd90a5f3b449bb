// Every table, one file per aggregate. drizzle-kit reads this file to generate migrations.
export * from './users';
export * from './audit';
export * from './datasets';
export * from './features';
export * from './jobs';
export * from './experiments';
export * from './models';
export * from './api-tokens';
export * from './serving';
export * from './settings';
export * from './batch-scores';
export * from './monitoring';
export * from './promotions';
export * from './retraining';
export * from './importance';
