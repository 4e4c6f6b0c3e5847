# Secret Manager secrets, one per environment variable it becomes (MONGO_URI -> secret mongo-uri).
# Terraform creates the secrets only: their values are added by hand (docs/deploy.md) and never
# enter the repository or the Terraform state.

locals {
  secrets = ["MONGO_URI", "MCE_SMTP_PASS", "OPENWEATHER_API_KEY"]

  # One (function, variable) pair per secret a function lists.
  function_secrets = merge([
    for name, f in local.functions : {
      for variable in f.secrets : "${name}/${variable}" => { function = name, variable = variable }
    }
  ]...)
}

resource "google_secret_manager_secret" "secret" {
  for_each  = toset(local.secrets)
  secret_id = lower(replace(each.value, "_", "-"))

  replication {
    auto {}
  }
}

resource "google_secret_manager_secret_iam_member" "function" {
  for_each  = local.function_secrets
  secret_id = google_secret_manager_secret.secret[each.value.variable].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function[each.value.function].email}"
}
