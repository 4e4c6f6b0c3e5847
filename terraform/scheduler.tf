# Timers: Cloud Scheduler publishes a tick to a function's topic. Every job runs in Europe/Madrid
# (the market's days of 23, 24 or 25 hours); test/deploy checks it and that some function listens
# to every ticked topic. A new timer is one entry here.

locals {
  schedules = {
    weather = {
      topic       = "weather-tick"
      schedule    = var.weather_schedule
      description = "Weather observations and forecasts for every supply location, before the 11:00 forecast"
      body        = "{}"
    }
    forecast = {
      topic       = "forecast-tick"
      schedule    = var.forecast_schedule
      description = "Day-ahead forecast of every supply with the prod and pre models (plan-forecast)"
      body        = "{}"
    }
    monitor = {
      topic       = "monitor-tick"
      schedule    = var.monitor_schedule
      description = "Daily monitor: score forecasts with the actuals in, drift tests, alert e-mails, retrain and promotion"
      body        = "{}"
    }
    retrain = {
      topic       = "train-requested"
      schedule    = var.retrain_schedule
      description = "Scheduled retraining; the new version is registered as pre (promotion is manual)"
      body        = "{}"
    }
  }
}

resource "google_cloud_scheduler_job" "tick" {
  for_each    = local.schedules
  name        = "mce-${each.key}"
  region      = var.region
  description = each.value.description
  schedule    = each.value.schedule
  time_zone   = "Europe/Madrid"

  retry_config {
    retry_count = 3
  }

  pubsub_target {
    topic_name = google_pubsub_topic.topic[each.value.topic].id
    data       = base64encode(each.value.body)
  }
}
