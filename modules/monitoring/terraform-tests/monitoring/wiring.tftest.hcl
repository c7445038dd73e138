# Apply against the mocked provider with everything watched: every alarm notifies the module's encrypted topic with the given dimensions, the failed-login filter reads the service's log group, subscribers are on the topic.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:helloapi-test-alerts"
    }
  }
}

variables {
  name                  = "helloapi-test"
  account_id            = "123456789012"
  region                = "eu-west-1"
  tags                  = { Owner = "platform" }
  alarm_emails          = ["oncall@example.com"]
  alarm_https_endpoints = ["https://hooks.example.com/alarm"]
  rds_cpu_percent       = 70
  edge                  = { alb_arn_suffix = "app/helloapi-test/0123456789abcdef", target_group_arn_suffix = "targetgroup/helloapi-test/0123456789abcdef", web_acl_name = "helloapi-test-regional" }
  compute               = { cluster_name = "helloapi-test", service_name = "helloapi-test-api", min_task_count = 2, log_group_name = "/ecs/helloapi-test/api" }
  database              = { instance_identifier = "helloapi-test-db" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_sns_topic.monitoring_topic.kms_master_key_id == aws_kms_key.monitoring_kms_key.arn && output.alert_topic_arn == aws_sns_topic.monitoring_topic.arn && output.alert_kms_key_arn == aws_kms_key.monitoring_kms_key.arn
    error_message = "The topic must be encrypted with the module's key; the outputs are their ARNs."
  }
  assert {
    condition     = alltrue([for a in [aws_cloudwatch_metric_alarm.monitoring_alb_p99_latency[0], aws_cloudwatch_metric_alarm.monitoring_ecs_running_tasks_low[0], aws_cloudwatch_metric_alarm.monitoring_rds_cpu_high[0], aws_cloudwatch_metric_alarm.monitoring_waf_blocked_spike[0], aws_cloudwatch_metric_alarm.monitoring_failed_logins[0]] : a.alarm_actions == toset([aws_sns_topic.monitoring_topic.arn])])
    error_message = "Every alarm must notify the module's topic."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.monitoring_alb_unhealthy_hosts[0].dimensions.TargetGroup == "targetgroup/helloapi-test/0123456789abcdef" && aws_cloudwatch_metric_alarm.monitoring_ecs_cpu_high[0].dimensions.ServiceName == "helloapi-test-api" && aws_cloudwatch_metric_alarm.monitoring_waf_blocked_spike[0].dimensions.WebACL == "helloapi-test-regional"
    error_message = "The alarms must watch the given load balancer, service and web ACL."
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.monitoring_rds_cpu_high[0].threshold == 70 && aws_cloudwatch_metric_alarm.monitoring_ecs_running_tasks_low[0].threshold == 2
    error_message = "rds_cpu_percent and compute.min_task_count must set the thresholds."
  }
  assert {
    condition     = aws_cloudwatch_log_metric_filter.monitoring_failed_login_filter[0].log_group_name == "/ecs/helloapi-test/api" && aws_sns_topic_subscription.monitoring_email["oncall@example.com"].topic_arn == aws_sns_topic.monitoring_topic.arn && length(aws_sns_topic_subscription.monitoring_https) == 1
    error_message = "The failed-login filter must read the service's log group; subscribers must be on the topic."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
