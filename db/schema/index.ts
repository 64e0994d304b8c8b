export * from './signing';
export * from './ledger';
