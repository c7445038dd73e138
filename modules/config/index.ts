export * from './schema';
export * from './relaxations';
export * from './types';
export * from './validate';
export * from './load';
export * from './regions';
