# Apply against the mocked provider: the security-group chain (load balancer -> app -> database on database_port), route tables and subnets wired to each other, the outputs are those resources' attributes.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/helloapi-test-flow-logs"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/helloapi-test/flow-logs"
    }
  }
}

variables {
  name                    = "helloapi-test"
  account_id              = "123456789012"
  region                  = "eu-west-1"
  cidr                    = "10.20.0.0/16"
  availability_zones      = {{availability_zones}}
  database_port           = 6432
  alb_ingress_cidr        = "10.0.0.0/8"
  flow_log_retention_days = 90
  tags                    = { Owner = "platform" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_vpc_security_group_ingress_rule.network_db_ingress_app.security_group_id == aws_security_group.network_db_sg.id && aws_vpc_security_group_ingress_rule.network_db_ingress_app.referenced_security_group_id == aws_security_group.network_app_sg.id && aws_vpc_security_group_ingress_rule.network_db_ingress_app.from_port == 6432
    error_message = "The database security group must admit the app security group on database_port only."
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.network_app_egress_db.referenced_security_group_id == aws_security_group.network_db_sg.id && aws_vpc_security_group_egress_rule.network_app_egress_db.to_port == 6432 && output.database_port == 6432
    error_message = "The app must reach the database on database_port, and output it."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.network_app_ingress_alb.referenced_security_group_id == aws_security_group.network_alb_sg.id && aws_vpc_security_group_ingress_rule.network_alb_ingress_https.cidr_ipv4 == "10.0.0.0/8"
    error_message = "The app must admit the load balancer, which admits alb_ingress_cidr."
  }
  assert {
    condition     = aws_route_table_association.network_private_app_a_rta.subnet_id == aws_subnet.network_private_app_a.id && aws_route_table_association.network_private_app_a_rta.route_table_id == aws_route_table.network_private_app_rt_a.id && aws_route.network_private_app_nat_route_a.nat_gateway_id == aws_nat_gateway.network_nat_a.id
    error_message = "Each app subnet must route through the NAT gateway of its zone."
  }
  assert {
    condition     = output.vpc_id == aws_vpc.network_vpc.id && output.app_subnet_ids[0] == aws_subnet.network_private_app_a.id && output.data_subnet_ids[0] == aws_subnet.network_data_a.id && output.database_security_group_id == aws_security_group.network_db_sg.id && length(output.app_subnet_ids) == {{zone_count}}
    error_message = "The outputs must be the VPC's, subnets' and security groups' attributes."
  }
  assert {
    condition     = aws_flow_log.network_flow_log.vpc_id == aws_vpc.network_vpc.id && aws_flow_log.network_flow_log.log_destination == aws_cloudwatch_log_group.network_flow_logs.arn && aws_cloudwatch_log_group.network_flow_logs.retention_in_days == 90 && aws_vpc.network_vpc.tags.Owner == "platform"
    error_message = "Flow logs of the VPC must go to the module's log group (flow_log_retention_days), and tags must reach the resources."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
