# Plan with only the required inputs: versioning on, KMS encryption with the module's key, 90 days of noncurrent versions, nothing public.
mock_provider "aws" {}

variables {
  name        = "helloapi-test"
  account_id  = "123456789012"
  region      = "eu-west-1"
  bucket_name = "helloapi-test-tfstate-123456789012"
}

run "defaults" {
  command = plan

  assert {
    condition     = aws_s3_bucket.state_bucket_bucket.bucket == "helloapi-test-tfstate-123456789012"
    error_message = "The state bucket must be named bucket_name."
  }
  assert {
    condition     = aws_s3_bucket_versioning.state_bucket_versioning.versioning_configuration[0].status == "Enabled"
    error_message = "State versions must be kept (versioning Enabled)."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.state_bucket_lifecycle.rule[0].noncurrent_version_expiration).noncurrent_days == 90
    error_message = "noncurrent_version_days must default to 90."
  }
  assert {
    condition     = alltrue([for k in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] : aws_s3_bucket_public_access_block.state_bucket_public_access_block[k]])
    error_message = "Every public access block setting must be on."
  }
  assert {
    condition     = aws_kms_key.state_kms_key.enable_key_rotation && length(aws_kms_key.state_kms_key.tags) == 0
    error_message = "The state key must rotate, and carry no tags when none are given."
  }
}
