export * from './app';
export * from './backend';
export * from './environment-stack';
export * from './providers';
export * from './state-stack';
export * from './account-stack';
