export * from './signing';
export * from './ledger';
export * from './auth';
