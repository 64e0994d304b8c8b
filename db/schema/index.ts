export * from './signing';
export * from './ledger';
export * from './pki';
export * from './operations';
export * from './auth';
export * from './notes';
export * from './backups';
export * from './sealing';
