# Development environment: its own project, small limits. Apply with
#   terraform init -backend-config=envs/dev.backend.hcl
#   terraform apply -var-file=envs/dev.tfvars -var image_tag=<commit sha>
project_id        = "mce-dev-000000"
environment       = "dev"
region            = "europe-west1"
alert_email       = "mce-dev-alerts@example.com"
github_owner      = "example-org"
github_repo       = "mce"
deploy_branch     = "main"
max_instances_cap = 2
smtp_host         = "smtp.example.com"
smtp_user         = "mce-dev"
alert_from        = "mce-dev@example.com"
