# Mocked values for every test of the edge layer's modules, edge and edge-regional (edge adds CloudFront's in
# its own mocks/cloudfront.tfmock.hcl): ARNs where the provider validates one, and the certificate's DNS
# validation options known at plan time (the real provider computes them during plan; the records' for_each needs them).
# https://developer.hashicorp.com/terraform/language/tests/mocking#mock-providers (override_during)
mock_resource "aws_acm_certificate" {
  override_during = plan
  defaults = {
    arn                       = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
    domain_validation_options = [{ domain_name = "api.example.com", resource_record_name = "_x.api.example.com.", resource_record_type = "CNAME", resource_record_value = "_y.acm-validations.aws." }]
    # Every other computed attribute fixed too: values generated at plan and again at apply would differ (an
    # inconsistent final plan in the apply runs).
    id                        = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab"
    key_algorithm             = "RSA_2048"
    not_after                 = "2027-01-01T00:00:00Z"
    not_before                = "2026-01-01T00:00:00Z"
    pending_renewal           = false
    renewal_eligibility       = "ELIGIBLE"
    renewal_summary           = []
    status                    = "ISSUED"
    subject_alternative_names = ["api.example.com"]
    tags_all                  = {}
    type                      = "AMAZON_ISSUED"
    validation_emails         = []
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/helloapi-test-alb/0123456789abcdef"
    arn_suffix = "app/helloapi-test-alb/0123456789abcdef"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/helloapi-test/0123456789abcdef"
    arn_suffix = "targetgroup/helloapi-test/0123456789abcdef"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/helloapi-test-alb/0123456789abcdef/0123456789abcdef"
  }
}

mock_resource "aws_wafv2_web_acl" {
  defaults = {
    arn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/helloapi-test/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-helloapi-test"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::helloapi-test-logs-123456789012-eu-west-1"
  }
}
