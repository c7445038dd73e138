# A consumer using only some of the modules, in another region: network -> database -> monitoring, no edge or
# compute. Monitoring watches what exists (here the database); its `edge` and `compute` inputs stay null, and their
# alarms and graphs are not created. The database listens on the port the network's
# database security group admits (6432, e.g. for PgBouncer-style setups): the network module takes the port and the
# database module reads it from the network module's output. The test suite
# (__tests__/modules/hcl-modules.tf.test.ts) plans it offline (`terraform plan -var offline=true -refresh=false`).
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

locals {
  name       = "reports-stg"
  account_id = "777788889999"
  region     = "eu-central-1"
  tags       = { CostCenter = "analytics", Owner = "reports-team" }
}

provider "aws" {
  region                      = local.region
  access_key                  = var.offline ? "offline-plan-not-a-key" : null
  secret_key                  = var.offline ? "offline-plan-not-a-secret" : null
  skip_credentials_validation = var.offline
  skip_requesting_account_id  = var.offline
  skip_metadata_api_check     = var.offline
  skip_region_validation      = var.offline
}

module "network" {
  source             = "../../dist/terraform-modules/network"
  name               = local.name
  account_id         = local.account_id
  region             = local.region
  tags               = local.tags
  cidr               = "10.60.0.0/20"
  availability_zones = ["eu-central-1a", "eu-central-1b", "eu-central-1c"]
  database_port      = 6432
}

module "database" {
  source                     = "../../dist/terraform-modules/database"
  name                       = local.name
  account_id                 = local.account_id
  region                     = local.region
  tags                       = local.tags
  data_subnet_ids            = module.network.data_subnet_ids
  database_security_group_id = module.network.database_security_group_id
  database_port              = module.network.database_port
  instance_class             = "db.t4g.small"
  allocated_storage          = 20
  max_allocated_storage      = 100
  database_name              = "reports"
  multi_az                   = false
}

module "monitoring" {
  source     = "../../dist/terraform-modules/monitoring"
  name       = local.name
  account_id = local.account_id
  region     = local.region
  tags       = local.tags
  database     = module.database
  alarm_emails = ["reports-oncall@example.com"]
}

output "database_endpoint" {
  value = module.database.endpoint
}

output "alarm_names" {
  value = module.monitoring.alarm_names
}
