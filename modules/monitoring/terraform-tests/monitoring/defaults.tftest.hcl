# Plan with only the required inputs: a KMS-encrypted alert topic and the dashboard, and no load balancer, service or database alarms (edge, compute and database default to null: nothing to watch).
mock_provider "aws" {}

variables {
  name       = "helloapi-test"
  account_id = "123456789012"
  region     = "eu-west-1"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_sns_topic.monitoring_topic.name == "helloapi-test-alerts" && output.dashboard_name == "helloapi-test-overview"
    error_message = "The alert topic and dashboard must be named after name."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.monitoring_alb_target_5xx_rate) + length(aws_cloudwatch_metric_alarm.monitoring_waf_blocked_spike) + length(aws_cloudwatch_metric_alarm.monitoring_ecs_running_tasks_low) + length(aws_cloudwatch_metric_alarm.monitoring_rds_cpu_high) + length(aws_cloudwatch_log_metric_filter.monitoring_failed_login_filter) == 0
    error_message = "Without edge, compute or database there is nothing to alarm on."
  }
  assert {
    condition     = length(aws_sns_topic_subscription.monitoring_email) == 0 && length(aws_sns_topic_subscription.monitoring_https) == 0
    error_message = "No subscriptions without alarm_emails or alarm_https_endpoints."
  }
}

# Only the database watched (a network + database + monitoring root): its alarms, with the default thresholds.
run "database_only" {
  command = plan

  variables {
    database = { instance_identifier = "helloapi-test-db" }
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.monitoring_rds_cpu_high[0].threshold == 80 && aws_cloudwatch_metric_alarm.monitoring_rds_connections_high[0].threshold == 80 && aws_cloudwatch_metric_alarm.monitoring_rds_cpu_high[0].dimensions.DBInstanceIdentifier == "helloapi-test-db"
    error_message = "The database alarms must watch instance_identifier with the default thresholds (80% CPU, 80 connections)."
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.monitoring_alb_target_5xx_rate) == 0 && length(aws_cloudwatch_metric_alarm.monitoring_ecs_cpu_high) == 0
    error_message = "No load balancer or service alarms when only the database is watched."
  }
}
