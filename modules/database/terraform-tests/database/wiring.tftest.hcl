# Apply against the mocked provider: the instance encrypted (storage, master secret, Performance Insights) with the module's key, in its subnet and parameter groups, monitored through its role; the outputs are the instance's attributes.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/helloapi-test-rds-monitoring"
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      arn                = "arn:aws:rds:eu-west-1:123456789012:db:helloapi-test-db"
      address            = "helloapi-test-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{ kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf", secret_status = "active" }]
    }
  }
}

variables {
  name                       = "helloapi-test"
  account_id                 = "123456789012"
  region                     = "eu-west-1"
  data_subnet_ids            = ["subnet-0a000000000000001", "subnet-0a000000000000002"]
  database_security_group_id = "sg-0a000000000000001"
  database_port              = 6432
  port                       = 6432
  instance_class             = "db.t4g.small"
  allocated_storage          = 50
  max_allocated_storage      = 200
  database_name              = "reports"
  multi_az                   = false
  tags                       = { Owner = "platform" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_db_instance.database_primary.kms_key_id == aws_kms_key.database_kms_key.arn && aws_db_instance.database_primary.master_user_secret_kms_key_id == aws_kms_key.database_kms_key.arn && aws_db_instance.database_primary.performance_insights_kms_key_id == aws_kms_key.database_kms_key.arn
    error_message = "Storage, the master secret and Performance Insights must be encrypted with the module's key."
  }
  assert {
    condition     = aws_db_instance.database_primary.db_subnet_group_name == aws_db_subnet_group.database_subnet_group.name && aws_db_instance.database_primary.parameter_group_name == aws_db_parameter_group.database_parameter_group.name && aws_db_instance.database_primary.monitoring_role_arn == aws_iam_role.database_monitoring_role.arn
    error_message = "The instance must use the module's subnet group, parameter group and monitoring role."
  }
  assert {
    condition     = output.port == 6432 && output.database_name == "reports" && output.address == aws_db_instance.database_primary.address && output.instance_arn == aws_db_instance.database_primary.arn && output.kms_key_arn == aws_kms_key.database_kms_key.arn
    error_message = "The outputs must be the instance's and key's attributes."
  }
  assert {
    condition     = output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf"
    error_message = "master_user_secret_arn must be the RDS-managed secret's ARN."
  }
  assert {
    condition     = output.log_group_names == [aws_cloudwatch_log_group.database_primary_postgresql_logs.name, aws_cloudwatch_log_group.database_primary_upgrade_logs.name] && !aws_db_instance.database_primary.multi_az && aws_db_instance.database_primary.tags.Owner == "platform"
    error_message = "The log group names, multi_az and tags must reach the outputs and resources."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
