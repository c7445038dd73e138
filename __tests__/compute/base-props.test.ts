/** The compute layer's base props: name at most COMPUTE_MAX_NAME_LENGTH (the compute module's limit), account, region, partition. */
import { computeModule } from '../../modules/compute/terraform-module';
import { COMPUTE_MAX_NAME_LENGTH } from '../../modules/compute/validate';
import { describeBaseProps } from '../support/base-props';
import { synthCompute } from './helpers';

describeBaseProps({ kind: 'Compute', build: (base) => synthCompute(base), maxNameLength: COMPUTE_MAX_NAME_LENGTH, modules: [computeModule] });
