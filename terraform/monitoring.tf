# Alerts by e-mail: a message in any dead-letter subscription, and a function answering 5xx (a
# transient failure that Pub/Sub retries) on a large share of its requests.

locals {
  # Requests to the functions' services (Cloud Run request_count), for the error ratio.
  function_requests = "resource.type = \"cloud_run_revision\" AND metric.type = \"run.googleapis.com/request_count\" AND resource.label.service_name = one_of(${join(", ", [for name in keys(local.functions) : "\"${name}\""])})"
}

resource "google_monitoring_notification_channel" "email" {
  display_name = "MCE ${var.environment} alerts"
  type         = "email"
  labels = {
    email_address = var.alert_email
  }
}

resource "google_monitoring_alert_policy" "dead_letters" {
  display_name          = "MCE ${var.environment}: dead-lettered messages"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "A dead-letter subscription holds messages"
    condition_threshold {
      filter          = "resource.type = \"pubsub_subscription\" AND metric.type = \"pubsub.googleapis.com/subscription/num_undelivered_messages\" AND resource.label.subscription_id = ends_with(\"-dead-letter\")"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "300s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_MAX"
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A message failed ${var.max_delivery_attempts} deliveries and waits in `<function>-dead-letter`. Read it with `gcloud pubsub subscriptions pull <function>-dead-letter --limit=10` (without --auto-ack), fix the cause, then republish it to the function's topic (docs/deploy.md, \"Dead letters\")."
  }
}

resource "google_monitoring_alert_policy" "function_errors" {
  display_name          = "MCE ${var.environment}: function error rate"
  combiner              = "OR"
  notification_channels = [google_monitoring_notification_channel.email.id]

  conditions {
    display_name = "Share of 5xx answers per function"
    condition_threshold {
      filter             = "${local.function_requests} AND metric.label.response_code_class = \"5xx\""
      denominator_filter = local.function_requests
      comparison         = "COMPARISON_GT"
      threshold_value    = var.error_ratio_threshold
      duration           = "0s"
      aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.service_name"]
      }
      denominator_aggregations {
        alignment_period     = "600s"
        per_series_aligner   = "ALIGN_DELTA"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.service_name"]
      }
    }
  }

  documentation {
    mime_type = "text/markdown"
    content   = "A function answered 5xx to more than ${var.error_ratio_threshold * 100}% of its requests over 10 minutes: Pub/Sub is retrying and messages may reach the dead-letter topic. Read the service's ERROR log lines in Cloud Logging."
  }
}
