# Infrastructure of MCE on Google Cloud (Pub/Sub topics, Cloud Run functions, Scheduler, buckets).
# Only the provider pin lives here so far; the resources come with the deployment issue.
terraform {
  required_version = ">= 1.6"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}
