# Apply against the mocked provider: the trail writes to the module's bucket and log group with its key and role, findings go to the module's topic, the outputs are those resources' attributes.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:helloapi-test-trail"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/helloapi-test-mock"
    }
  }
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:helloapi-test-findings"
    }
  }
}

variables {
  name                     = "helloapi-test"
  account_id               = "123456789012"
  region                   = "eu-west-1"
  tags                     = { Owner = "security" }
  finding_alert_emails     = ["security@example.com", "oncall@example.com"]
  trail_log_retention_days = 731
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = aws_cloudtrail.baseline_trail.s3_bucket_name == aws_s3_bucket.baseline_trail_bucket_bucket.bucket && aws_cloudtrail.baseline_trail.kms_key_id == aws_kms_key.baseline_kms_key.arn
    error_message = "The trail must write to the module's trail bucket, encrypted with its key."
  }
  assert {
    condition     = aws_cloudtrail.baseline_trail.cloud_watch_logs_group_arn == "${aws_cloudwatch_log_group.baseline_trail_log_group.arn}:*" && aws_cloudtrail.baseline_trail.cloud_watch_logs_role_arn == aws_iam_role.baseline_trail_logs_role.arn
    error_message = "The trail must deliver to the module's log group through its role."
  }
  assert {
    condition     = aws_cloudwatch_event_target.baseline_guardduty_findings_to_topic.arn == aws_sns_topic.baseline_findings_topic.arn && aws_cloudwatch_event_target.baseline_securityhub_findings_to_topic.arn == aws_sns_topic.baseline_findings_topic.arn
    error_message = "GuardDuty and Security Hub findings must go to the module's topic."
  }
  assert {
    condition     = length(aws_sns_topic_subscription.baseline_findings_email) == 2 && alltrue([for s in aws_sns_topic_subscription.baseline_findings_email : s.topic_arn == aws_sns_topic.baseline_findings_topic.arn && s.protocol == "email"])
    error_message = "Each finding_alert_emails address must subscribe to the topic."
  }
  assert {
    condition     = output.trail_arn == aws_cloudtrail.baseline_trail.arn && output.findings_topic_arn == aws_sns_topic.baseline_findings_topic.arn && output.audit_kms_key_arn == aws_kms_key.baseline_kms_key.arn && output.trail_log_group_name == aws_cloudwatch_log_group.baseline_trail_log_group.name
    error_message = "The outputs must be the trail's, topic's, key's and log group's attributes."
  }
  assert {
    condition     = aws_cloudwatch_log_group.baseline_trail_log_group.retention_in_days == 731 && aws_cloudtrail.baseline_trail.tags.Owner == "security"
    error_message = "trail_log_retention_days and tags must reach the resources."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
