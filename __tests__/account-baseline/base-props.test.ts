/** The account baseline's base props: name at most ACCOUNT_BASELINE_MAX_NAME_LENGTH (the account-baseline module's limit), account, region, partition. */
import { AccountBaseline } from '../../modules/account-baseline';
import { accountBaselineModule } from '../../modules/account-baseline/terraform-module';
import { ACCOUNT_BASELINE_MAX_NAME_LENGTH } from '../../modules/account-baseline/validation';
import { describeBaseProps } from '../support/base-props';
import { synthStack } from '../support/synth';

describeBaseProps({
  kind: 'AccountBaseline',
  build: (base) => synthStack((s) => new AccountBaseline(s, 'baseline', { name: 'helloapi-account-test', accountId: '123456789012', region: 'us-east-1', ...base })),
  maxNameLength: ACCOUNT_BASELINE_MAX_NAME_LENGTH,
  modules: [accountBaselineModule],
});
