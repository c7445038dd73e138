/**
 * The committed environments, as the app loads them (`environments/`, or HELLOAPI_ENVIRONMENTS_DIR). A test that
 * means "every environment" iterates these instead of naming dev, staging and prod, so adding an environment file
 * adds it to the test instead of breaking it; literal names stay where a test is about one environment's settings.
 */
import { loadEnvironments } from '../../modules/config/load';
import type { EnvironmentConfig } from '../../modules/config/types';

let cached: EnvironmentConfig[] | undefined;

/** Every committed environment, in load order (loaded once per test file). */
export function committedEnvironments(): readonly EnvironmentConfig[] {
  return (cached ??= loadEnvironments());
}

/** The `<app>-<env>` stack of every committed environment. */
export function environmentStackNames(): string[] {
  return committedEnvironments().map((c) => c.stackName);
}
