# Images and pipelines: the Artifact Registry repository, the Cloud Build trigger that tests,
# builds and rolls out every push to the deploy branch (cloudbuild.yaml), and the manual trigger
# that promotes (or rolls back) a model after an approval (cloudbuild.promote.yaml). Each has its
# own service account with only what its pipeline does.

locals {
  repo_uri = "https://github.com/${var.github_owner}/${var.github_repo}"
  build_substitutions = {
    _REGION     = var.region
    _ENV        = var.environment
    _REPOSITORY = google_artifact_registry_repository.images.repository_id
  }
}

resource "google_artifact_registry_repository" "images" {
  location      = var.region
  repository_id = "mce"
  format        = "DOCKER"
  description   = "MCE functions image (one tag per commit)"
}

# --- test, build, roll out ---

resource "google_service_account" "build" {
  account_id   = "mce-build"
  display_name = "MCE Cloud Build: test, build, roll out"
}

resource "google_project_iam_member" "build" {
  for_each = toset(["roles/logging.logWriter", "roles/run.developer"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.build.email}"
}

resource "google_artifact_registry_repository_iam_member" "build_writer" {
  location   = var.region
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.build.email}"
}

# A new revision runs as the function's own service account: the pipeline must be allowed to
# act as each of them, and as nothing else.
resource "google_service_account_iam_member" "build_acts_as_function" {
  for_each           = local.functions
  service_account_id = google_service_account.function[each.key].name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.build.email}"
}

resource "google_cloudbuild_trigger" "deploy" {
  name            = "mce-deploy"
  description     = "Test (the whole suite, with emulators), build and push the image, roll it out to every function"
  filename        = "cloudbuild.yaml"
  service_account = google_service_account.build.id
  substitutions   = local.build_substitutions

  github {
    owner = var.github_owner
    name  = var.github_repo
    push {
      branch = "^${var.deploy_branch}$"
    }
  }

  include_build_logs = "INCLUDE_BUILD_LOGS_WITH_STATUS"
  depends_on         = [google_project_iam_member.build]
}

# --- promote or roll back a model, after approval ---

resource "google_service_account" "promote" {
  account_id   = "mce-promote"
  display_name = "MCE Cloud Build: promote or roll back a model"
}

resource "google_project_iam_member" "promote_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.promote.email}"
}

resource "google_storage_bucket_iam_member" "promote_registry" {
  bucket = google_storage_bucket.artifacts.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.promote.email}"
}

resource "google_artifact_registry_repository_iam_member" "promote_reader" {
  location   = var.region
  repository = google_artifact_registry_repository.images.name
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.promote.email}"
}

resource "google_cloudbuild_trigger" "promote" {
  name            = "mce-promote-model"
  description     = "Point prod at a model version (_VERSION, default the current pre) or roll back (_ACTION=rollback); runs only after approval"
  service_account = google_service_account.promote.id

  source_to_build {
    uri       = local.repo_uri
    ref       = "refs/heads/${var.deploy_branch}"
    repo_type = "GITHUB"
  }

  git_file_source {
    path      = "cloudbuild.promote.yaml"
    uri       = local.repo_uri
    revision  = "refs/heads/${var.deploy_branch}"
    repo_type = "GITHUB"
  }

  approval_config {
    approval_required = true
  }

  substitutions = merge(local.build_substitutions, {
    _ARTIFACTS = "gs://${google_storage_bucket.artifacts.name}"
    _ACTION    = "promote"
    _VERSION   = ""
  })

  depends_on = [google_project_iam_member.promote_logs]
}

resource "google_project_iam_member" "promote_approvers" {
  for_each = toset(var.promote_approvers)
  project  = var.project_id
  role     = "roles/cloudbuild.builds.approver"
  member   = each.value
}
