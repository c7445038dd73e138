export * from './addressing';
export * from './references';
export * from './context';
export * from './iam';
export * from './kms';
export * from './bucket';
export * from './terraform-module';
