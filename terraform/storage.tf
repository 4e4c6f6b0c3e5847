# Buckets: raw (uploads from distributors, kept forever in colder classes), blobs (quarantine
# reports of refused lines) and artifacts (the model registry, versioned). The raw bucket notifies
# topic meter-files of every finalized object.

locals {
  bucket_names = {
    raw       = "${var.project_id}-mce-raw"
    blobs     = "${var.project_id}-mce-blobs"
    artifacts = "${var.project_id}-mce-artifacts"
  }
}

resource "google_storage_bucket" "raw" {
  name                        = local.bucket_names.raw
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  lifecycle_rule {
    condition {
      age                   = var.raw_nearline_after_days
      matches_storage_class = ["STANDARD"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = "NEARLINE"
    }
  }

  lifecycle_rule {
    condition {
      age                   = var.raw_archive_after_days
      matches_storage_class = ["NEARLINE"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = "ARCHIVE"
    }
  }
}

resource "google_storage_bucket" "blobs" {
  name                        = local.bucket_names.blobs
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket" "artifacts" {
  name                        = local.bucket_names.artifacts
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  # Every overwrite of models/stages.json (promote, rollback) keeps the previous generation.
  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      num_newer_versions = 50
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }
}

data "google_storage_project_service_account" "gcs" {}

# The Cloud Storage service agent publishes the notifications.
resource "google_pubsub_topic_iam_member" "gcs_notifications" {
  topic  = google_pubsub_topic.topic[local.functions["ingest-meter-file"].topic].id
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
}

resource "google_storage_notification" "raw" {
  bucket         = google_storage_bucket.raw.name
  payload_format = "JSON_API_V1"
  topic          = google_pubsub_topic.topic[local.functions["ingest-meter-file"].topic].id
  event_types    = ["OBJECT_FINALIZE"]
  depends_on     = [google_pubsub_topic_iam_member.gcs_notifications]
}
