# Provider and Terraform pins. State lives in a GCS bucket created by hand before the first init
# (docs/deploy.md); its name and prefix come from envs/<env>.backend.hcl:
#   terraform init -backend-config=envs/dev.backend.hcl
terraform {
  required_version = ">= 1.9, < 2.0"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
  default_labels = {
    app         = "mce"
    environment = var.environment
  }
}
