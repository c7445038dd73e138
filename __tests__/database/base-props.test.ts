/** The database layer's base props: name at most DATABASE_MAX_NAME_LENGTH (the database module's limit), account, region, partition. */
import { databaseModule } from '../../modules/database/terraform-module';
import { DATABASE_MAX_NAME_LENGTH } from '../../modules/database/validation';
import { describeBaseProps } from '../support/base-props';
import { synthDatabase } from './helpers';

describeBaseProps({ kind: 'Database', build: (base) => synthDatabase(base), maxNameLength: DATABASE_MAX_NAME_LENGTH, modules: [databaseModule] });
