# State of the prod environment (the bucket is created by hand, docs/deploy.md step 2).
bucket = "mce-prod-000000-tfstate"
prefix = "mce"
