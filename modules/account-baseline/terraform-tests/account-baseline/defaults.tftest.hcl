# Plan with only the required inputs: a multi-region, validated, KMS-encrypted trail kept 365 days in CloudWatch Logs, GuardDuty, Security Hub and Config on, no email subscription.
mock_provider "aws" {}

variables {
  name       = "helloapi-test"
  account_id = "123456789012"
  region     = "eu-west-1"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_cloudtrail.baseline_trail.is_multi_region_trail && aws_cloudtrail.baseline_trail.enable_log_file_validation && aws_cloudtrail.baseline_trail.include_global_service_events
    error_message = "The trail must be multi-region, with log file validation and global service events."
  }
  assert {
    condition     = aws_cloudwatch_log_group.baseline_trail_log_group.retention_in_days == 365
    error_message = "trail_log_retention_days must default to 365."
  }
  assert {
    condition     = aws_s3_bucket.baseline_config_bucket_bucket.bucket == "helloapi-test-config-123456789012" && aws_s3_bucket.baseline_trail_bucket_bucket.bucket == "helloapi-test-trail-123456789012"
    error_message = "The audit buckets must be named <name>-<kind>-<account_id>."
  }
  assert {
    condition     = aws_guardduty_detector.baseline_guardduty.enable && aws_config_configuration_recorder_status.baseline_config_recorder_status.is_enabled
    error_message = "GuardDuty and the Config recorder must be on."
  }
  assert {
    condition     = alltrue([for k in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] : aws_s3_account_public_access_block.baseline_s3_public_access_block[k]])
    error_message = "The account-level S3 public access block must be fully on."
  }
  assert {
    condition     = length(aws_sns_topic_subscription.baseline_findings_email) == 0
    error_message = "No email subscription without finding_alert_emails."
  }
}
