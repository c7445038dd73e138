/** The monitoring layer's base props: name at most MONITORING_MAX_NAME_LENGTH (the monitoring module's limit), account, region, partition. */
import { monitoringModule } from '../../modules/monitoring/terraform-module';
import { MONITORING_MAX_NAME_LENGTH } from '../../modules/monitoring/validation';
import { describeBaseProps } from '../support/base-props';
import { synthMonitoring } from './helpers';

describeBaseProps({ kind: 'Monitoring', build: (base) => synthMonitoring(base), maxNameLength: MONITORING_MAX_NAME_LENGTH, modules: [monitoringModule] });
