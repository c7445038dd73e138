/** The apply tier keeps each Terraform `Error:` diagnostic whole (harness.ts: terraformErrors). */
import { terraformErrors } from './harness';

describe('terraformErrors', () => {
  it('keeps a boxed diagnostic whole, behind cdktf\'s stack prefix, up to its end mark', () => {
    const out = [
      'helloapi-prod  aws_vpc.network_vpc: Creation complete after 2s',
      'helloapi-prod  ╷',
      'helloapi-prod  │ Error: creating VPC Security Group Rule',
      'helloapi-prod  │ ',
      'helloapi-prod  │   with aws_vpc_security_group_ingress_rule.database_ingress (database/ingress),',
      'helloapi-prod  │   on cdk.tf.json line 2301, in resource "aws_vpc_security_group_ingress_rule" "database_ingress":',
      'helloapi-prod  │ 2301:       },',
      'helloapi-prod  │ ',
      'helloapi-prod  │ operation error EC2: AuthorizeSecurityGroupIngress, exceeded maximum number of attempts, 3, https',
      'helloapi-prod  │ response error StatusCode: 500, RequestID: , api error InternalError',
      'helloapi-prod  ╵',
      'helloapi-prod  ╷',
      'helloapi-prod  │ Error: second',
      'helloapi-prod  ╵',
      'Error: terraform apply failed',
    ].join('\n');
    expect(terraformErrors(out)).toEqual([
      [
        'Error: creating VPC Security Group Rule',
        '',
        '  with aws_vpc_security_group_ingress_rule.database_ingress (database/ingress),',
        '  on cdk.tf.json line 2301, in resource "aws_vpc_security_group_ingress_rule" "database_ingress":',
        '2301:       },',
        '',
        'operation error EC2: AuthorizeSecurityGroupIngress, exceeded maximum number of attempts, 3, https',
        'response error StatusCode: 500, RequestID: , api error InternalError',
      ].join('\n'),
      'Error: second',
      'Error: terraform apply failed',
    ]);
  });

  it('reads across the progress line cdktf prints in the middle of a diagnostic', () => {
    const out = [
      '               ╷',
      '               │ Error: Instance cannot be destroyed',
      '               │ ',
      '               │   on cdk.tf.json line 2031, in resource.aws_kms_key:',
      '',
      '',
      '1 Stack destroying     0 Stacks done     0 Stacks waiting',
      'helloapi-prod  │ ',
      '               │ Resource aws_kms_key.monitoring_kms_key (monitoring/kms/key) has lifecycle.prevent_destroy set,',
      '               │ but the plan calls for this resource to be destroyed.',
      '               ╵',
      'helloapi-prod  Destroy failed',
    ].join('\n');
    expect(terraformErrors(out)).toEqual([
      [
        'Error: Instance cannot be destroyed',
        '',
        '  on cdk.tf.json line 2031, in resource.aws_kms_key:',
        '',
        'Resource aws_kms_key.monitoring_kms_key (monitoring/kms/key) has lifecycle.prevent_destroy set,',
        'but the plan calls for this resource to be destroyed.',
      ].join('\n'),
    ]);
  });

  it('keeps a -no-color diagnostic up to the next one, and each identical block once', () => {
    const block = ['Error: Instance cannot be destroyed', '', '  on cdk.tf.json line 10:', '', 'Resource aws_db_instance.db has lifecycle.prevent_destroy set,', 'but the plan calls for this resource to be destroyed.'];
    const out = ['Plan: 0 to add', '', ...block, '', ...block, '', '', 'Releasing state lock.'].join('\n');
    expect(terraformErrors(out)).toEqual([block.join('\n')]);
  });
});
