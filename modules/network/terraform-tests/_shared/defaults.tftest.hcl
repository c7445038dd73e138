# Plan with only the required inputs: subnets carved from cidr in availability_zones order, the database rule on port 5432 from the app tasks only, flow logs kept 365 days, HTTPS open to 0.0.0.0/0 on the load balancer only.
mock_provider "aws" {}

variables {
  name               = "helloapi-test"
  account_id         = "123456789012"
  region             = "eu-west-1"
  cidr               = "10.20.0.0/16"
  availability_zones = {{availability_zones}}
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_vpc.network_vpc.cidr_block == "10.20.0.0/16" && aws_vpc.network_vpc.enable_dns_support && aws_vpc.network_vpc.enable_dns_hostnames
    error_message = "The VPC must have cidr, with DNS support and host names."
  }
  assert {
    condition     = aws_subnet.network_public_a.cidr_block == cidrsubnet("10.20.0.0/16", {{subnet_newbits}}, 0) && aws_subnet.network_data_{{last_zone}}.availability_zone == "eu-west-1{{last_zone}}"
    error_message = "Subnets must be carved from cidr in order, one per zone of availability_zones."
  }
  assert {
    condition     = !aws_subnet.network_private_app_a.map_public_ip_on_launch && !aws_subnet.network_data_a.map_public_ip_on_launch
    error_message = "App and data subnets must not assign public IPs."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.network_db_ingress_app.from_port == 5432 && aws_vpc_security_group_ingress_rule.network_db_ingress_app.to_port == 5432 && output.database_port == 5432
    error_message = "database_port must default to 5432, the only port the database security group admits."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.network_alb_ingress_https.cidr_ipv4 == "0.0.0.0/0" && aws_vpc_security_group_ingress_rule.network_alb_ingress_https.from_port == 443
    error_message = "alb_ingress_cidr must default to 0.0.0.0/0 on 443."
  }
  assert {
    condition     = aws_cloudwatch_log_group.network_flow_logs.retention_in_days == 365 && aws_flow_log.network_flow_log.traffic_type == "ALL"
    error_message = "Flow logs must record all traffic, kept 365 days by default."
  }
}
