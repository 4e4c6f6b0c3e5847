# The functions: one Cloud Run service each, all from the same image, selected by FUNCTION_TARGET.
# Adding a function is one entry in local.functions (and, for a timer, one in local.schedules);
# every other resource (service account, service, push subscription, dead-letter topic and
# subscription, IAM, alerts) follows from the entry. test/deploy checks that the keys are exactly
# the folders of functions/ and that env + secrets cover the function's PRODUCTION_NEEDS.

locals {
  # Sizing: every function runs one event at a time (concurrency 1): each is CPU-bound or holds a
  # whole unit of work (a file, a segment) in memory, so memory is sized for one unit and
  # throughput comes from instances. Timeouts stay under the 600 s push acknowledgement deadline.
  # The memory figures are estimates, not measurements on Cloud Run: watch each service's
  # memory utilisation after the first weeks (docs/deploy.md, "Costs and quotas").
  functions = {
    "ingest-meter-file" = {
      topic     = "meter-files"
      publishes = []
      # Streams one file and upserts its readings in chunks. 10 instances = 10 files at once; each
      # instance holds at most one MongoDB driver pool (100 connections by default), which
      # bounds the load on Atlas.
      memory          = "2Gi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 10
      timeout_seconds = 540
      buckets         = { raw = "roles/storage.objectViewer", blobs = "roles/storage.objectUser" }
      secrets         = ["MONGO_URI"]
      env = {
        MONGO_DB  = var.mongo_db
        MCE_BLOBS = "gs://${local.bucket_names.blobs}"
      }
    }
    "ingest-weather" = {
      topic     = "weather-tick"
      publishes = []
      # One tick a day; a second instance would only spend the provider's call budget twice.
      memory          = "512Mi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 1
      timeout_seconds = 540
      buckets         = {}
      secrets         = ["MONGO_URI", "OPENWEATHER_API_KEY"]
      env = {
        MONGO_DB           = var.mongo_db
        MCE_WEATHER_SOURCE = var.weather_source
      }
    }
    "plan-training" = {
      topic     = "train-requested"
      publishes = ["train-segment"]
      # K-Means over every supply's weekly profile (168 doubles, 1.3 KiB per supply), one run at a
      # time.
      memory          = "2Gi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 1
      timeout_seconds = 540
      buckets         = { artifacts = "roles/storage.objectUser" }
      secrets         = ["MONGO_URI"]
      env = {
        MONGO_DB      = var.mongo_db
        MCE_ARTIFACTS = "gs://${local.bucket_names.artifacts}"
        MCE_BUS       = "pubsub:${var.project_id}"
      }
    }
    "train-segment" = {
      topic     = "train-segment"
      publishes = []
      # One forest fit per instance; rows are capped by the plan's time budget (train-plan.ts
      # rowsForBudget), so memory is bounded by that cap x features. 10 segments fit at once.
      memory          = "4Gi"
      cpu             = "2"
      concurrency     = 1
      max_instances   = 10
      timeout_seconds = 540
      buckets         = { artifacts = "roles/storage.objectUser" }
      secrets         = ["MONGO_URI"]
      env = {
        MONGO_DB      = var.mongo_db
        MCE_ARTIFACTS = "gs://${local.bucket_names.artifacts}"
      }
    }
    "plan-forecast" = {
      topic     = "forecast-tick"
      publishes = ["forecast-batch"]
      # Lists the active supplies (one Supply record each, a few hundred bytes) and writes the
      # run's plan (their CUPS by batch) to the registry bucket: one tick a day, one instance.
      memory          = "1Gi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 1
      timeout_seconds = 540
      buckets         = { artifacts = "roles/storage.objectUser" }
      secrets         = ["MONGO_URI"]
      env = {
        MONGO_DB      = var.mongo_db
        MCE_ARTIFACTS = "gs://${local.bucket_names.artifacts}"
        MCE_BUS       = "pubsub:${var.project_id}"
      }
    }
    "forecast-batch" = {
      topic     = "forecast-batch"
      publishes = ["forecast-completed"]
      # One batch (MCE_FORECAST_BATCH_SIZE supplies, default 500: five weeks of their readings,
      # their locations' weather) and the cached model versions (prod and pre). Measured on SQLite
      # (bench forecast): a batch of 1,000 peaks at about 190 MB whatever the fleet's size.
      memory          = "1Gi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 20
      timeout_seconds = 540
      buckets         = { artifacts = "roles/storage.objectViewer" }
      secrets         = ["MONGO_URI"]
      env = {
        MONGO_DB      = var.mongo_db
        MCE_ARTIFACTS = "gs://${local.bucket_names.artifacts}"
        MCE_BUS       = "pubsub:${var.project_id}"
      }
    }
    "monitor" = {
      topic     = "monitor-tick"
      publishes = ["train-requested"]
      # Scores yesterday's forecasts (the predictions and readings of one day, streamed) and builds
      # the recent window's features for a seeded sample of supplies; one tick a day. Measured on
      # SQLite (bench monitor): one day of 10,000 supplies, see README "Benchmarks".
      memory          = "2Gi"
      cpu             = "1"
      concurrency     = 1
      max_instances   = 1
      timeout_seconds = 540
      buckets         = { artifacts = "roles/storage.objectUser" }
      secrets         = ["MONGO_URI", "MCE_SMTP_PASS"]
      env = {
        MONGO_DB       = var.mongo_db
        MCE_ARTIFACTS  = "gs://${local.bucket_names.artifacts}"
        MCE_BUS        = "pubsub:${var.project_id}"
        MCE_MAILER     = "smtp"
        MCE_SMTP_HOST  = var.smtp_host
        MCE_SMTP_PORT  = tostring(var.smtp_port)
        MCE_SMTP_USER  = var.smtp_user
        MCE_ALERT_FROM = var.alert_from
        MCE_ALERT_TO   = var.alert_email
      }
    }
  }

  # Set on every service.. MCE_CODE_REVISION comes from the image (Dockerfile ARG/ENV).
  common_env = {
    MCE_LOG_LEVEL = var.log_level
  }

  image = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/mce:${var.image_tag}"
}

resource "google_service_account" "function" {
  for_each     = local.functions
  account_id   = substr("fn-${each.key}", 0, 30)
  display_name = "MCE function ${each.key}"
}

resource "google_cloud_run_v2_service" "function" {
  for_each = local.functions
  name     = each.key
  location = var.region
  # Pub/Sub push from this project counts as internal traffic; nothing else may call.
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  deletion_protection = var.environment == "prod"
  labels = {
    function = each.key
  }

  template {
    service_account                  = google_service_account.function[each.key].email
    timeout                          = "${each.value.timeout_seconds}s"
    max_instance_request_concurrency = each.value.concurrency
    execution_environment            = "EXECUTION_ENVIRONMENT_GEN2"

    scaling {
      min_instance_count = 0
      max_instance_count = min(each.value.max_instances, var.max_instances_cap)
    }

    containers {
      image = local.image

      resources {
        limits = {
          cpu    = each.value.cpu
          memory = each.value.memory
        }
        cpu_idle          = true
        startup_cpu_boost = true
      }

      env {
        name  = "FUNCTION_TARGET"
        value = each.key
      }

      dynamic "env" {
        for_each = merge(local.common_env, each.value.env)
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = toset(each.value.secrets)
        content {
          name = env.value
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.secret[env.value].secret_id
              version = "latest"
            }
          }
        }
      }
    }
  }

  lifecycle {
    # cloudbuild.yaml rolls out new images (gcloud run services update); Terraform owns the rest.
    ignore_changes = [template[0].containers[0].image, client, client_version]
  }

  depends_on = [google_secret_manager_secret_iam_member.function]
}
