# Plan with only the required inputs: encrypted, private, Multi-AZ PostgreSQL 17 with deletion protection, an RDS-managed master secret, 14 days of backups, logs kept 365 days.
mock_provider "aws" {}

variables {
  name                       = "helloapi-test"
  account_id                 = "123456789012"
  region                     = "eu-west-1"
  data_subnet_ids            = ["subnet-0a000000000000001", "subnet-0a000000000000002"]
  database_security_group_id = "sg-0a000000000000001"
  database_port              = 5432
  instance_class             = "db.t4g.medium"
  allocated_storage          = 20
  max_allocated_storage      = 100
  database_name              = "helloapi"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_db_instance.database_primary.engine == "postgres" && aws_db_instance.database_primary.engine_version == "17" && aws_db_instance.database_primary.port == 5432
    error_message = "PostgreSQL 17 on database_port."
  }
  assert {
    condition     = aws_db_instance.database_primary.multi_az && aws_db_instance.database_primary.deletion_protection && aws_db_instance.database_primary.storage_encrypted && !aws_db_instance.database_primary.publicly_accessible
    error_message = "Multi-AZ, deletion protection, encryption on and no public access by default."
  }
  assert {
    condition     = aws_db_instance.database_primary.manage_master_user_password && aws_db_instance.database_primary.username == "dbadmin"
    error_message = "RDS must manage the master password; master_username defaults to dbadmin."
  }
  assert {
    condition     = aws_db_instance.database_primary.backup_retention_period == 14 && aws_db_instance.database_primary.backup_window == "03:00-04:00" && aws_db_instance.database_primary.performance_insights_retention_period == 7
    error_message = "Backups 14 days in 03:00-04:00, Performance Insights 7 days by default."
  }
  assert {
    condition     = aws_cloudwatch_log_group.database_primary_postgresql_logs.retention_in_days == 365 && aws_cloudwatch_log_group.database_primary_upgrade_logs.retention_in_days == 365
    error_message = "log_retention_days must default to 365."
  }
  assert {
    condition     = aws_db_instance.database_primary.vpc_security_group_ids == toset(["sg-0a000000000000001"]) && aws_db_subnet_group.database_subnet_group.subnet_ids == toset(["subnet-0a000000000000001", "subnet-0a000000000000002"])
    error_message = "The instance must sit in data_subnet_ids behind database_security_group_id."
  }
}
