/** The state bootstrap's base props: name at most STATE_MAX_NAME_LENGTH (the state module's limit), account, region, partition. */
import { StateBackendBootstrap } from '../../modules/state';
import { stateModule } from '../../modules/state/terraform-module';
import { STATE_MAX_NAME_LENGTH } from '../../modules/state/validation';
import { describeBaseProps } from '../support/base-props';
import { synthStack } from '../support/synth';

describeBaseProps({
  kind: 'StateBackendBootstrap',
  build: (base) => synthStack((s) => new StateBackendBootstrap(s, 'state', { name: 'helloapi-state', accountId: '333333333333', region: 'us-east-1', bucketName: 'helloapi-state-333333333333', ...base })),
  maxNameLength: STATE_MAX_NAME_LENGTH,
  modules: [stateModule],
});
