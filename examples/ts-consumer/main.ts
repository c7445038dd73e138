/**
 * A team that is not HelloAPI reuses two layers: its own app, stack, provider,
 * backend and naming prefix; no environment files, no EnvironmentStack.
 */
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Network } from 'helloapi-infra/network';
import { Database } from 'helloapi-infra/database';

const offline = process.env.OFFLINE === '1';

class OrdersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, 'aws', {
      region: 'eu-west-1',
      ...(offline
        ? { accessKey: 'offline', secretKey: 'offline', skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', skipRegionValidation: true }
        : { allowedAccountIds: ['444455556666'] }),
    });
    new LocalBackend(this, { path: 'orders.tfstate' });

    const base = { name: 'acme-orders', accountId: '444455556666', region: 'eu-west-1', tags: { Team: 'orders' } };
    const network = new Network(this, 'net', {
      ...base,
      cidr: '172.20.0.0/20',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      natGateways: 'single',
      vpcEndpoints: false,
      containerPort: 9000,
      // Typed extension point: the orders workers poll an SFTP partner.
      additionalEgress: {
        app: [{ name: 'partner_sftp', description: 'Orders worker to partner SFTP', fromPort: 22, cidrIpv4: '198.51.100.10/32' }],
      },
    });
    const database = new Database(this, 'db', {
      ...base,
      network: network.outputs,
      instanceClass: 'db.t4g.small',
      allocatedStorage: 20,
      databaseName: 'orders',
    });
    new TerraformOutput(this, 'vpc_id', { value: network.outputs.vpcId });
    new TerraformOutput(this, 'db_endpoint', { value: database.outputs.endpoint });
    new TerraformOutput(this, 'db_secret_arn', { value: database.outputs.masterUserSecretArn });
  }
}

const app = new App();
new OrdersStack(app, 'acme-orders');
app.synth();
