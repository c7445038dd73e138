# Plan with only the required inputs: 512 CPU units and 1024 MiB per task, 2 tasks scaling 2-8, private subnets without public IPs, the deployment circuit breaker with rollback, ECS Exec off, logs kept 365 days.
mock_provider "aws" {}

variables {
  name                            = "helloapi-test"
  account_id                      = "123456789012"
  region                          = "eu-west-1"
  app_subnet_ids                  = ["subnet-0b000000000000001", "subnet-0b000000000000002"]
  app_security_group_id           = "sg-0b000000000000001"
  database_address                = "helloapi-test.abcdefghijkl.eu-west-1.rds.amazonaws.com"
  database_port                   = 6432
  database_name                   = "helloapi"
  database_master_user_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf"
  database_kms_key_arn            = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  target_group_arn                = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/helloapi-test/0123456789abcdef"
  https_listener_arn              = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/helloapi-test/0123456789abcdef/0123456789abcdef"
  alb_arn_suffix                  = "app/helloapi-test/0123456789abcdef"
  target_group_arn_suffix         = "targetgroup/helloapi-test/0123456789abcdef"
  domain_name                     = "api.example.com"
  image_tag                       = "v1.0.0"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_ecs_task_definition.compute_task_definition.cpu == "512" && aws_ecs_task_definition.compute_task_definition.memory == "1024" && one(aws_ecs_task_definition.compute_task_definition.runtime_platform).cpu_architecture == "ARM64"
    error_message = "Tasks must default to 512 CPU units and 1024 MiB on ARM64."
  }
  assert {
    condition     = aws_ecs_service.compute_service.desired_count == 2 && aws_appautoscaling_target.compute_scaling_target.min_capacity == 2 && aws_appautoscaling_target.compute_scaling_target.max_capacity == 8 && output.min_task_count == 2
    error_message = "desired_count, min_count and max_count must default to 2, 2 and 8."
  }
  assert {
    condition     = !one(aws_ecs_service.compute_service.network_configuration).assign_public_ip && one(aws_ecs_service.compute_service.network_configuration).subnets == toset(var.app_subnet_ids) && !aws_ecs_service.compute_service.enable_execute_command
    error_message = "Tasks must run in app_subnet_ids without public IPs, ECS Exec off."
  }
  assert {
    condition     = one(aws_ecs_service.compute_service.deployment_circuit_breaker).enable && one(aws_ecs_service.compute_service.deployment_circuit_breaker).rollback
    error_message = "The deployment circuit breaker must roll back."
  }
  assert {
    condition     = aws_cloudwatch_log_group.compute_log_group.retention_in_days == 365 && aws_ecr_repository.compute_repository.image_tag_mutability == "IMMUTABLE"
    error_message = "Logs kept 365 days by default; image tags immutable."
  }
  assert {
    condition     = output.secrets_to_set == ["helloapi-test/django/secret-key", "helloapi-test/django/api-keys", "helloapi-test/django/app-settings"]
    error_message = "secrets_to_set must name the three secrets, known at plan time."
  }
}
