import { fail, fsbp, pass, resourceRule } from '../../dsl';

export const rule = resourceRule({
  id: 'HAPI-ACM-04',
  title: 'ACM certificates use RSA 2048+ or ECDSA keys',
  severity: 'error',
  resourceTypes: ['aws_acm_certificate'],
  sources: [fsbp('ACM.2')],
  fix: 'Leave key_algorithm at RSA_2048 (default) or use EC_prime256v1 / EC_secp384r1.',
  check(cert) {
    const k = String(cert.values.key_algorithm ?? 'RSA_2048');
    return /^RSA_1024/.test(k) ? fail(k) : pass(k);
  },
});
