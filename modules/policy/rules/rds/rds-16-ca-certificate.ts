import { checkov, fail, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-RDS-16',
  title: 'RDS uses a current certificate authority for TLS (not rds-ca-2019)',
  severity: 'warning',
  resourceTypes: ['aws_db_instance'],
  sources: [checkov('CKV_AWS_211')],
  fix: 'Leave ca_cert_identifier unset (new instances get rds-ca-rsa2048-g1) or set a current CA.',
  check(db) {
    const ca = db.values.ca_cert_identifier;
    return ca === undefined || !/2015|2019/.test(String(ca)) ? pass(`CA ${ca ?? 'default (rds-ca-rsa2048-g1)'}`) : fail(`ca_cert_identifier ${ca} is expired or expiring`);
  },
});
