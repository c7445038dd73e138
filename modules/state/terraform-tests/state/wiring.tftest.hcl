# Apply against the mocked provider: the bucket is encrypted with the module's own key, its policy and settings target it, the outputs are its attributes.
mock_provider "aws" {
  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::helloapi-test-tfstate-123456789012"
    }
  }
}

variables {
  name                    = "helloapi-test"
  account_id              = "123456789012"
  region                  = "eu-west-1"
  bucket_name             = "helloapi-test-tfstate-123456789012"
  noncurrent_version_days = 30
  tags                    = { Owner = "platform" }
}

run "wiring" {
  state_key = "wiring"

  assert {
    condition     = output.kms_key_arn == aws_kms_key.state_kms_key.arn && output.bucket_arn == aws_s3_bucket.state_bucket_bucket.arn && output.bucket_name == "helloapi-test-tfstate-123456789012"
    error_message = "The outputs must be the key's and the bucket's attributes."
  }
  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.state_bucket_encryption.rule).apply_server_side_encryption_by_default).kms_master_key_id == aws_kms_key.state_kms_key.arn
    error_message = "The bucket must be encrypted with the module's KMS key."
  }
  assert {
    condition     = alltrue([for id in [aws_s3_bucket_policy.state_bucket_policy.bucket, aws_s3_bucket_versioning.state_bucket_versioning.bucket, aws_s3_bucket_public_access_block.state_bucket_public_access_block.bucket] : id == aws_s3_bucket.state_bucket_bucket.id])
    error_message = "The policy, versioning and public access block must target the state bucket."
  }
  assert {
    condition     = strcontains(aws_s3_bucket_policy.state_bucket_policy.policy, aws_s3_bucket.state_bucket_bucket.arn)
    error_message = "The bucket policy must name the bucket's ARN."
  }
  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.state_bucket_lifecycle.rule[0].noncurrent_version_expiration).noncurrent_days == 30 && aws_kms_key.state_kms_key.tags.Owner == "platform"
    error_message = "noncurrent_version_days and tags must reach the resources."
  }
}

# Forgets the mocked resources (prevent_destroy would fail the teardown on Terraform < 1.14): see tests/cleanup/main.tf.
run "cleanup" {
  state_key = "wiring"

  module {
    source = "./tests/cleanup"
  }
}
