/**
 * ACM certificates, DNS-validated through Route 53: the ALB's (API names and, with CloudFront, the origin
 * name) and, with CloudFront, the distribution's in us-east-1, validated by the same records.
 */
import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { EdgeSettings } from './validation';

/** `certificate`, its validation records (`certificate_validation_record`, one per name) and `certificate_validation`. */
export function buildAlbCertificate(scope: Construct, { props, cloudFront, originDomainName, alternativeNames }: EdgeSettings) {
  // The API domain, the CloudFront origin name and the alternative names.
  const albNames = [...(cloudFront ? [originDomainName] : []), ...alternativeNames];
  const certificate = new AcmCertificate(scope, 'certificate', {
    domainName: props.domainName,
    subjectAlternativeNames: albNames.length > 0 ? albNames : undefined,
    validationMethod: 'DNS',
    keyAlgorithm: 'RSA_2048',
    options: { certificateTransparencyLoggingPreference: 'ENABLED' },
    tags: props.tags,
    lifecycle: { createBeforeDestroy: true },
  });
  // One record per name, keyed by domain_name straight from the set, so the keys are known at plan time
  // (TerraformIterator.fromComplexList wraps the set in tolist(), which is unknown until apply).
  // ACM uses the same CNAME for a name in every region of an account, so these records also validate
  // the CloudFront certificate, whose names are a subset. allow_overwrite adopts a CNAME created by hand
  // (the security guide's manual validation step).
  const dvo = TerraformIterator.fromMap(Token.asAnyMap(`\${{ for o in ${certificate.fqn}.domain_validation_options : o.domain_name => o }}`));
  const validationRecords = new Route53Record(scope, 'certificate_validation_record', {
    provider: props.dnsProvider,
    forEach: dvo,
    zoneId: props.hostedZoneId,
    name: dvo.getString('resource_record_name'),
    type: dvo.getString('resource_record_type'),
    records: [dvo.getString('resource_record_value')],
    ttl: 60,
    allowOverwrite: true,
  });
  const validationFqdns = Token.asList(TerraformIterator.fromResources(validationRecords).pluckProperty('fqdn'));
  const validation = new AcmCertificateValidation(scope, 'certificate_validation', {
    certificateArn: certificate.arn,
    validationRecordFqdns: validationFqdns,
  });
  return { certificate, validationRecords, validation };
}

/** `cloudfront_certificate` in us-east-1 for the API names and its `cloudfront_certificate_validation`, reusing the ALB certificate's records. */
export function buildCloudFrontCertificate(scope: Construct, { props, alternativeNames, apiHosts }: EdgeSettings, validationRecords: Route53Record) {
  const certificate = new AcmCertificate(scope, 'cloudfront_certificate', {
    provider: props.globalProvider,
    domainName: props.domainName,
    subjectAlternativeNames: alternativeNames.length > 0 ? alternativeNames : undefined,
    validationMethod: 'DNS',
    keyAlgorithm: 'RSA_2048',
    options: { certificateTransparencyLoggingPreference: 'ENABLED' },
    tags: props.tags,
    lifecycle: { createBeforeDestroy: true },
  });
  const validation = new AcmCertificateValidation(scope, 'cloudfront_certificate_validation', {
    provider: props.globalProvider,
    certificateArn: certificate.arn,
    // Only the records of this certificate's names (the ALB certificate also has origin.<domain>).
    validationRecordFqdns: Token.asList(`\${[for name, r in ${validationRecords.fqn} : r.fqdn if contains(${JSON.stringify(apiHosts)}, name)]}`),
  });
  return { certificate, validation };
}
