# State of the dev environment (the bucket is created by hand, docs/deploy.md step 2).
bucket = "mce-dev-000000-tfstate"
prefix = "mce"
