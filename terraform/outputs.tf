output "function_urls" {
  description = "Cloud Run URL of every function (internal ingress: reachable by the Pub/Sub push subscriptions only)."
  value       = { for name, service in google_cloud_run_v2_service.function : name => service.uri }
}

output "image_repository" {
  description = "Where cloudbuild.yaml pushes the functions image (tag = commit SHA)."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/mce"
}

output "buckets" {
  description = "Bucket names: raw (upload metering files here), blobs (quarantine reports), artifacts (model registry)."
  value       = local.bucket_names
}

output "topics" {
  description = "Pub/Sub topics the functions listen and publish to."
  value       = sort(tolist(local.topics))
}

output "dead_letter_subscriptions" {
  description = "Per function, the subscription holding its dead-lettered messages."
  value       = { for name, sub in google_pubsub_subscription.dead_letter : name => sub.name }
}

output "secrets" {
  description = "Secret Manager secret ids, by the environment variable they become; add their values by hand."
  value       = { for variable, secret in google_secret_manager_secret.secret : variable => secret.secret_id }
}

output "service_accounts" {
  description = "Service account of every function."
  value       = { for name, sa in google_service_account.function : name => sa.email }
}
