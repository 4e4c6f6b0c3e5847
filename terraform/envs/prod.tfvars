# Production environment: its own project. Apply with
#   terraform init -reconfigure -backend-config=envs/prod.backend.hcl
#   terraform apply -var-file=envs/prod.tfvars -var image_tag=<commit sha>
project_id        = "mce-prod-000000"
environment       = "prod"
region            = "europe-west1"
alert_email       = "mce-alerts@example.com"
github_owner      = "example-org"
github_repo       = "mce"
deploy_branch     = "main"
promote_approvers = ["group:mce-ops@example.com"]
smtp_host         = "smtp.example.com"
smtp_user         = "mce-prod"
alert_from        = "mce-prod@example.com"
