# Apply against the mocked provider: the service on the module's cluster and task definition behind target_group_arn, the container reading the database endpoint and the RDS-managed secret, the settings module and health path of the inputs, the execution role allowed to decrypt the database key; then the secret gate: without values the service is not created.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/abcd1234-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/helloapi-test-mock"
    }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/helloapi-test"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/helloapi-test:1"
    }
  }
  mock_resource "aws_ecr_repository" {
    defaults = {
      arn            = "arn:aws:ecr:eu-west-1:123456789012:repository/helloapi-test"
      repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/helloapi-test"
    }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = {
      arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:helloapi-test/django/x-AbCdEf"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/helloapi-test/api"
    }
  }
  # The step-scaling alarm acts on its scaling policy: the provider checks alarm_actions are ARNs.
  mock_resource "aws_appautoscaling_policy" {
    defaults = {
      arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/helloapi-test/helloapi-test-api:policyName/helloapi-test-request-steps"
    }
  }
  # Every secret has a value (a version staged AWSCURRENT): the gate lets the service be created.
  mock_data "aws_secretsmanager_secret_versions" {
    defaults = {
      versions = [{ version_id = "00000000-0000-0000-0000-000000000001", version_stages = ["AWSCURRENT"], created_time = "2026-01-01T00:00:00Z", last_accessed_date = "2026-01-01T00:00:00Z" }]
    }
  }
}

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
  django_settings_module          = "consumer.settings.production"
  health_check_path               = "/healthz.json"
  cpu                             = 1024
  memory                          = 2048
  desired_count                   = 3
  min_count                       = 3
  max_count                       = 12
  tags                            = { Owner = "platform" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_ecs_service.compute_service.cluster == aws_ecs_cluster.compute_cluster.arn && aws_ecs_service.compute_service.task_definition == aws_ecs_task_definition.compute_task_definition.arn && one(aws_ecs_service.compute_service.load_balancer).target_group_arn == var.target_group_arn && one(aws_ecs_service.compute_service.load_balancer).container_port == 8000
    error_message = "The service must run the module's task definition on its cluster, registered with target_group_arn on port 8000."
  }
  assert {
    condition     = aws_ecs_task_definition.compute_task_definition.execution_role_arn == aws_iam_role.compute_execution_role.arn && aws_ecs_task_definition.compute_task_definition.task_role_arn == aws_iam_role.compute_task_role.arn && aws_ecs_task_definition.compute_task_definition.cpu == "1024"
    error_message = "The task definition must use the module's roles and cpu."
  }
  assert {
    condition     = strcontains(aws_ecs_task_definition.compute_task_definition.container_definitions, "\"value\":\"6432\"") && strcontains(aws_ecs_task_definition.compute_task_definition.container_definitions, var.database_address) && strcontains(aws_ecs_task_definition.compute_task_definition.container_definitions, "${var.database_master_user_secret_arn}:password::")
    error_message = "The container must read DB_HOST and DB_PORT from the inputs and DB_PASSWORD from the RDS-managed secret."
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.compute_task_definition.container_definitions)[0].environment : e.name => e.value }["DJANGO_SETTINGS_MODULE"] == "consumer.settings.production"
    error_message = "DJANGO_SETTINGS_MODULE must be django_settings_module."
  }
  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.compute_task_definition.container_definitions)[0].environment : e.name => e.value }["HEALTH_CHECK_PATH"] == "/healthz.json" && { for e in jsondecode(aws_ecs_task_definition.compute_task_definition.container_definitions)[0].environment : e.name => e.value }["SECURE_REDIRECT_EXEMPT"] == "^healthz\\.json$"
    error_message = "HEALTH_CHECK_PATH must be health_check_path, and SECURE_REDIRECT_EXEMPT its regex without the leading slash (the dot escaped), in valid container-definition JSON."
  }
  assert {
    condition     = strcontains(jsondecode(aws_ecs_task_definition.compute_task_definition.container_definitions)[0].healthCheck.command[3], "'http://127.0.0.1:8000/healthz.json'")
    error_message = "The container health check must call health_check_path."
  }
  assert {
    condition     = strcontains(aws_iam_role_policy.compute_execution_policy.policy, var.database_kms_key_arn) && strcontains(aws_iam_role_policy.compute_execution_policy.policy, aws_kms_key.compute_kms_key.arn)
    error_message = "The execution role must be allowed to decrypt with the database's and the module's keys."
  }
  assert {
    condition     = aws_appautoscaling_target.compute_scaling_target.resource_id == "service/${aws_ecs_cluster.compute_cluster.name}/${aws_ecs_service.compute_service.name}" && aws_appautoscaling_target.compute_scaling_target.min_capacity == 3 && aws_appautoscaling_target.compute_scaling_target.max_capacity == 12
    error_message = "Auto scaling must target the service, between min_count and max_count."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.compute_scaling_request_steps_alarm.alarm_actions == toset([aws_appautoscaling_policy.compute_scaling_request_steps.arn]) && aws_cloudwatch_metric_alarm.compute_scaling_request_steps_alarm.dimensions["TargetGroup"] == var.target_group_arn_suffix && aws_appautoscaling_policy.compute_scaling_request_steps.policy_type == "StepScaling"
    error_message = "The request-count alarm must act on the step-scaling policy, for target_group_arn_suffix."
  }
  assert {
    condition     = output.cluster_arn == aws_ecs_cluster.compute_cluster.arn && output.service_name == aws_ecs_service.compute_service.name && output.repository_url == aws_ecr_repository.compute_repository.repository_url && output.kms_key_arn == aws_kms_key.compute_kms_key.arn && output.execution_role_arn == aws_iam_role.compute_execution_role.arn
    error_message = "The outputs must be the cluster's, service's, repository's, key's and role's attributes."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}

# The secret gate: no version staged AWSCURRENT on SECRET_KEY, so its postcondition fails the apply before the service exists.
run "secret_gate" {
  state_key = "gate"

  override_data {
    target = data.aws_secretsmanager_secret_versions.compute_secret_key_versions
    values = {
      versions = []
    }
  }

  expect_failures = [data.aws_secretsmanager_secret_versions.compute_secret_key_versions]
}

run "secret_gate_cleanup" {
  state_key = "gate"

  module {
    source = "./tests/cleanup"
  }
}
