# An HCL root module consuming the Terraform JSON modules that `npm run build:modules`
# writes to dist/terraform-modules/. The test suite validates and plans it offline.
terraform {
  required_version = ">= 1.10.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}

variable "offline" {
  description = "Skip every AWS call (offline plans in CI)."
  type        = bool
  default     = false
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = var.offline ? "offline-plan-not-a-key" : null
  secret_key                  = var.offline ? "offline-plan-not-a-secret" : null
  skip_credentials_validation = var.offline
  skip_requesting_account_id  = var.offline
  skip_metadata_api_check     = var.offline
  skip_region_validation      = var.offline
  default_tags {
    tags = { Project = "consumer", ManagedBy = "terraform" }
  }
}

module "state" {
  source      = "../../dist/terraform-modules/state"
  name        = "consumer-state"
  account_id  = "444455556666"
  bucket_name = "consumer-tfstate-444455556666"
}

output "state_bucket" {
  value = module.state.bucket_name
}
