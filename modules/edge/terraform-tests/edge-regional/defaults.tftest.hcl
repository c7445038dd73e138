# Plan with only the required inputs: an HTTPS-only load balancer (internet-facing) with deletion protection, a TLS 1.3 policy, invalid headers dropped, the target group health-checking /health/, WAF rate limit 1000, logs kept 365 days.
mock_provider "aws" {
  source = "./tests/mocks"
}


variables {
  name                  = "helloapi-test"
  account_id            = "123456789012"
  region                = "eu-west-1"
  vpc_id                = "vpc-0c000000000000001"
  public_subnet_ids     = ["subnet-0c000000000000001", "subnet-0c000000000000002"]
  alb_security_group_id = "sg-0c000000000000001"
  domain_name           = "api.example.com"
  hosted_zone_id        = "Z0123456789ABCDEFGHIJ"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_lb.edge_alb.internal == false && aws_lb.edge_alb.enable_deletion_protection && aws_lb.edge_alb.drop_invalid_header_fields && aws_lb.edge_alb.desync_mitigation_mode == "strictest"
    error_message = "The load balancer must be internet-facing, with deletion protection, invalid headers dropped and the strictest desync mitigation."
  }
  assert {
    condition     = aws_lb_listener.edge_https.protocol == "HTTPS" && aws_lb_listener.edge_https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
    error_message = "ssl_policy must default to ELBSecurityPolicy-TLS13-1-2-Res-2021-06 on the HTTPS listener."
  }
  assert {
    condition     = one(aws_lb_target_group.edge_app.health_check).path == "/health/" && aws_lb_target_group.edge_app.port == 8000
    error_message = "The target group must health-check /health/ on the container port 8000."
  }
  assert {
    condition     = aws_cloudwatch_log_group.edge_waf_log_group.retention_in_days == 365 && aws_acm_certificate.edge_certificate.domain_name == "api.example.com" && aws_acm_certificate.edge_certificate.validation_method == "DNS"
    error_message = "WAF logs kept 365 days; a DNS-validated certificate for domain_name."
  }
  assert {
    condition     = output.api_url == "https://api.example.com"
    error_message = "api_url must be https://<domain_name>."
  }
}
