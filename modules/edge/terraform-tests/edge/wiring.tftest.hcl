# Apply against the mocked provider: CloudFront through a VPC origin to the internal load balancer; the HTTPS listener on the module's load balancer with the validated certificate, forwarding domain_name to the target group; the WAF web ACL on the load balancer; the outputs are those resources' attributes.
mock_provider "aws" {
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"
}

variables {
  name                  = "helloapi-test"
  account_id            = "123456789012"
  region                = "eu-west-1"
  vpc_id                = "vpc-0c000000000000001"
  app_subnet_ids        = ["subnet-0c000000000000001", "subnet-0c000000000000002"]
  alb_security_group_id = "sg-0c000000000000001"
  domain_name           = "api.example.com"
  hosted_zone_id        = "Z0123456789ABCDEFGHIJ"
  rate_limit            = 500
  tags                  = { Owner = "platform" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_lb_listener.edge_https.load_balancer_arn == aws_lb.edge_alb.arn && aws_lb_listener.edge_https.certificate_arn == aws_acm_certificate_validation.edge_certificate_validation.certificate_arn && aws_acm_certificate_validation.edge_certificate_validation.certificate_arn == aws_acm_certificate.edge_certificate.arn
    error_message = "The HTTPS listener must be on the module's load balancer with its validated certificate."
  }
  assert {
    condition     = one(aws_lb_listener_rule.edge_https_forward_a.action).target_group_arn == aws_lb_target_group.edge_app.arn && one(one(aws_lb_listener_rule.edge_https_forward_a.condition).host_header).values == toset(["api.example.com"]) && aws_lb_listener_rule.edge_https_forward_a.listener_arn == aws_lb_listener.edge_https.arn
    error_message = "The listener rule must forward domain_name to the target group."
  }
  assert {
    condition     = aws_wafv2_web_acl_association.edge_waf_association.resource_arn == aws_lb.edge_alb.arn && aws_wafv2_web_acl_association.edge_waf_association.web_acl_arn == aws_wafv2_web_acl.edge_waf_acl.arn && aws_lb.edge_alb.security_groups == toset(["sg-0c000000000000001"])
    error_message = "The regional web ACL must protect the load balancer, which sits in alb_security_group_id."
  }
  assert {
    condition     = output.https_listener_arn == aws_lb_listener.edge_https.arn && output.target_group_arn == aws_lb_target_group.edge_app.arn && output.alb_arn_suffix == "app/helloapi-test-alb/0123456789abcdef" && output.target_group_arn_suffix == aws_lb_target_group.edge_app.arn_suffix && output.web_acl_name == aws_wafv2_web_acl.edge_waf_acl.name
    error_message = "The outputs must be the listener's, target group's, load balancer's and web ACL's attributes."
  }
  assert {
    condition     = one(aws_lb.edge_alb.access_logs).bucket == aws_s3_bucket.edge_alb_logs_bucket.bucket && output.access_logs_bucket_name == aws_s3_bucket.edge_alb_logs_bucket.bucket && aws_lb.edge_alb.tags.Owner == "platform"
    error_message = "Access logs must go to the module's bucket; tags must reach the resources."
  }
  # CloudFront: the distribution reaches the load balancer through the VPC origin, with the us-east-1 certificate and web ACL.
  assert {
    condition     = one(aws_cloudfront_distribution.edge_cdn_distribution.origin).vpc_origin_config[0].vpc_origin_id == aws_cloudfront_vpc_origin.edge_vpc_origin.id && one(aws_cloudfront_vpc_origin.edge_vpc_origin.vpc_origin_endpoint_config).arn == aws_lb.edge_alb.arn
    error_message = "CloudFront must reach the load balancer through the module's VPC origin."
  }
  assert {
    condition     = aws_cloudfront_distribution.edge_cdn_distribution.web_acl_id == aws_wafv2_web_acl.edge_cloudfront_waf_acl.arn && one(aws_cloudfront_distribution.edge_cdn_distribution.viewer_certificate).acm_certificate_arn == aws_acm_certificate_validation.edge_cloudfront_certificate_validation.certificate_arn
    error_message = "The distribution must use the us-east-1 web ACL and certificate."
  }
  assert {
    condition     = output.distribution_id == aws_cloudfront_distribution.edge_cdn_distribution.id && output.cloudfront_web_acl_arn == aws_wafv2_web_acl.edge_cloudfront_waf_acl.arn
    error_message = "The CloudFront outputs must be the distribution's and web ACL's attributes."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
