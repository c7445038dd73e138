/**
 * helloapi-infra: secure-by-default CDK for Terraform constructs for a
 * containerized web API on AWS. Each layer is also available on its own
 * subpath (`helloapi-infra/network`, `helloapi-infra/database`, ...).
 */

// Layers: constructs, props and output types.
export { Network } from './modules/network';
export type { NetworkProps, NetworkOutputs, NetworkSecurityGroups, NetworkRouteTables, SecurityGroupRuleSpec } from './modules/network';
export { Database } from './modules/database';
export type { DatabaseProps, DatabaseOutputs } from './modules/database';
export { Edge } from './modules/edge';
export type { EdgeProps, EdgeOutputs } from './modules/edge';
export { Compute } from './modules/compute';
export type { ComputeProps, ComputeOutputs, ComputeImage, ComputeSizing, ComputeScaling, ComputeLoadBalancer, ComputeSecrets } from './modules/compute';
export { Monitoring } from './modules/monitoring';
export type { MonitoringProps, MonitoringOutputs } from './modules/monitoring';
export { AccountBaseline } from './modules/account-baseline';
export type { AccountBaselineProps, AccountBaselineOutputs } from './modules/account-baseline';
export { StateBackendBootstrap } from './modules/state';
export type { StateBackendBootstrapProps } from './modules/state';

// Every layer's full API, namespaced.
export * as network from './modules/network';
export * as database from './modules/database';
export * as edge from './modules/edge';
export * as compute from './modules/compute';
export * as monitoring from './modules/monitoring';
export * as accountBaseline from './modules/account-baseline';
export * as state from './modules/state';

// Building blocks and the environment composition.
export * from './modules/core';
export * as config from './modules/config';
export { EnvironmentStack, StateStack, AccountBaselineStack, buildApp, synthesizeAll, createAwsProvider, standardTags, configureBackend, stateKey } from './modules/stacks';
export type { EnvironmentStackOptions, StateStackProps, BuildOptions, BuiltApp, ProviderSettings } from './modules/stacks';
export { validateEnvironments, loadEnvironments, ConfigError } from './modules/config';
export type { EnvironmentInput, EnvironmentConfig, ConfigProblem } from './modules/config';
