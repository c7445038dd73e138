# An HCL root module consuming the Terraform JSON modules that `npm run build:modules`
# writes to dist/terraform-modules/: network -> database -> edge -> compute -> monitoring,
# plus the state bootstrap and the account baseline. The test suite (__tests__/modules/hcl-modules.tf.test.ts)
# validates and plans it offline (`terraform plan -var offline=true -refresh=false`).
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
  name       = "consumer-prod"
  account_id = "444455556666"
  region     = "eu-west-1"
  domain     = "api.consumer.example.com"
  zone_id    = "Z0123456789ABCDEFGHIJ"
  tags       = { CostCenter = "platform" }
}

provider "aws" {
  region                      = local.region
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

# CloudFront certificates and web ACLs live in us-east-1: the edge module takes this provider as aws.us_east_1.
provider "aws" {
  alias                       = "us_east_1"
  region                      = "us-east-1"
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
  account_id  = local.account_id
  region      = local.region
  tags        = local.tags
  bucket_name = "consumer-tfstate-444455556666"
}

# Once per account and region, where no organization-level trail, GuardDuty, Security Hub or Config runs.
module "account_baseline" {
  source     = "../../dist/terraform-modules/account-baseline"
  name       = "consumer"
  account_id = local.account_id
  region     = local.region
  tags       = local.tags
}

module "network" {
  source             = "../../dist/terraform-modules/network"
  name               = local.name
  account_id         = local.account_id
  region             = local.region
  tags               = local.tags
  cidr               = "10.40.0.0/16"
  availability_zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  # Behind CloudFront the load balancer is internal and the edge module admits CloudFront's origin-facing prefix list;
  # admit nothing from outside the VPC here.
  alb_ingress_cidr = "10.40.0.0/16"
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
  instance_class             = "db.t4g.medium"
  allocated_storage          = 50
  max_allocated_storage      = 200
  database_name              = "helloapi"
}

module "edge" {
  source = "../../dist/terraform-modules/edge"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
  name                  = local.name
  account_id            = local.account_id
  region                = local.region
  tags                  = local.tags
  vpc_id                = module.network.vpc_id
  app_subnet_ids        = module.network.app_subnet_ids
  alb_security_group_id = module.network.alb_security_group_id
  domain_name           = local.domain
  hosted_zone_id        = local.zone_id
}

module "compute" {
  source                          = "../../dist/terraform-modules/compute"
  name                            = local.name
  account_id                      = local.account_id
  region                          = local.region
  tags                            = local.tags
  app_subnet_ids                  = module.network.app_subnet_ids
  app_security_group_id           = module.network.app_security_group_id
  database_address                = module.database.address
  database_port                   = module.database.port
  database_name                   = module.database.database_name
  database_master_user_secret_arn = module.database.master_user_secret_arn
  database_kms_key_arn            = module.database.kms_key_arn
  target_group_arn                = module.edge.target_group_arn
  # The ECS service waits for this value (ECS refuses a target group no listener forwards to).
  https_listener_arn      = module.edge.https_listener_arn
  alb_arn_suffix          = module.edge.alb_arn_suffix
  target_group_arn_suffix = module.edge.target_group_arn_suffix
  domain_name             = local.domain
  image_tag               = "v1.0.0"
  cpu                     = 512
  memory                  = 1024
  desired_count           = 2
  min_count               = 2
  max_count               = 6
}

module "monitoring" {
  source     = "../../dist/terraform-modules/monitoring"
  name       = local.name
  account_id = local.account_id
  region     = local.region
  tags       = local.tags
  # What it watches: the other modules' outputs (each optional; leave one out and its alarms and graphs are not created).
  edge         = module.edge
  compute      = module.compute
  database     = module.database
  alarm_emails = ["ops@consumer.example.com"]
}

output "state_bucket" {
  value = module.state.bucket_name
}

output "api_url" {
  value = module.edge.api_url
}

output "repository_url" {
  value = module.compute.repository_url
}

output "alert_topic_arn" {
  value = module.monitoring.alert_topic_arn
}
