# Topics, one push subscription per function (OIDC-authenticated, with retries and a dead-letter
# topic), and the dead-letter topics with their own pull subscriptions for inspection/replay.

locals {
  # Every topic a function listens to or publishes to, or a schedule ticks.
  topics = toset(concat(
    [for f in local.functions : f.topic],
    flatten([for f in local.functions : f.publishes]),
    [for s in local.schedules : s.topic],
  ))
  dead_letter_retention = "${var.dead_letter_retention_days * 86400}s"
}

data "google_project" "this" {}

locals {
  pubsub_agent = "serviceAccount:service-${data.google_project.this.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
}

resource "google_pubsub_topic" "topic" {
  for_each                   = local.topics
  name                       = each.value
  message_retention_duration = "86400s"
}

resource "google_pubsub_topic" "dead_letter" {
  for_each                   = local.functions
  name                       = "${each.key}-dead-letter"
  message_retention_duration = local.dead_letter_retention
}

# Where dead-lettered messages wait for a person (the dead-letter alert watches these).
resource "google_pubsub_subscription" "dead_letter" {
  for_each                   = local.functions
  name                       = "${each.key}-dead-letter"
  topic                      = google_pubsub_topic.dead_letter[each.key].id
  ack_deadline_seconds       = 60
  message_retention_duration = "${min(var.dead_letter_retention_days, 7) * 86400}s"

  expiration_policy {
    ttl = ""
  }
}

# The identity Pub/Sub signs push requests with; it may only invoke the functions.
resource "google_service_account" "push" {
  account_id   = "mce-pubsub-push"
  display_name = "MCE Pub/Sub push (invokes the functions)"
}

resource "google_cloud_run_v2_service_iam_member" "push_invoker" {
  for_each = local.functions
  name     = google_cloud_run_v2_service.function[each.key].name
  location = var.region
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.push.email}"
}

# Pub/Sub mints the OIDC tokens of the push identity.
resource "google_service_account_iam_member" "push_token_creator" {
  service_account_id = google_service_account.push.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = local.pubsub_agent
}

resource "google_pubsub_subscription" "push" {
  for_each = local.functions
  name     = "${each.key}-push"
  topic    = google_pubsub_topic.topic[each.value.topic].id
  # For push, the acknowledgement deadline is the request timeout: the maximum, above every
  # function's timeout.
  ack_deadline_seconds       = 600
  message_retention_duration = "604800s"

  push_config {
    # The Functions Framework reads the CloudEvent source topic from this path.
    push_endpoint = "${google_cloud_run_v2_service.function[each.key].uri}/projects/${var.project_id}/topics/${each.value.topic}"
    oidc_token {
      service_account_email = google_service_account.push.email
      audience              = google_cloud_run_v2_service.function[each.key].uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter[each.key].id
    max_delivery_attempts = var.max_delivery_attempts
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [
    google_pubsub_topic_iam_member.dead_letter_publisher,
    google_cloud_run_v2_service_iam_member.push_invoker,
  ]
}

# Dead-lettering needs the Pub/Sub service agent to publish to the dead-letter topic and to
# acknowledge on the source subscription.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  for_each = local.functions
  topic    = google_pubsub_topic.dead_letter[each.key].id
  role     = "roles/pubsub.publisher"
  member   = local.pubsub_agent
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each     = local.functions
  subscription = google_pubsub_subscription.push[each.key].id
  role         = "roles/pubsub.subscriber"
  member       = local.pubsub_agent
}

# forecast-batch also takes the batches Pub/Sub gave up on: its dead-letter topic is pushed back to
# it, and it records such a batch (attribute CloudPubSubDeadLetterSourceDeliveryCount) as failed,
# so that the run still closes (status partial). The pull subscription above keeps them for a
# person as for every function.
resource "google_pubsub_subscription" "forecast_batch_dead_letter_push" {
  name                       = "forecast-batch-dead-letter-push"
  topic                      = google_pubsub_topic.dead_letter["forecast-batch"].id
  ack_deadline_seconds       = 600
  message_retention_duration = local.dead_letter_retention

  push_config {
    push_endpoint = "${google_cloud_run_v2_service.function["forecast-batch"].uri}/projects/${var.project_id}/topics/forecast-batch-dead-letter"
    oidc_token {
      service_account_email = google_service_account.push.email
      audience              = google_cloud_run_v2_service.function["forecast-batch"].uri
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }

  depends_on = [google_cloud_run_v2_service_iam_member.push_invoker]
}
