# Inputs. One environment is one Google Cloud project (topic names are fixed by the code, so two
# environments cannot share a project): envs/dev.tfvars and envs/prod.tfvars set these.

variable "project_id" {
  description = "Google Cloud project that holds this environment (one project per environment)."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project id: 6-30 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, used in labels and alert texts: dev or prod."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be dev or prod."
  }
}

variable "region" {
  description = "Region of Cloud Run, Cloud Scheduler, Artifact Registry, the buckets and Cloud Build triggers."
  type        = string
  default     = "europe-west1"
  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]$", var.region))
    error_message = "region must look like europe-west1."
  }
}

variable "image_tag" {
  description = "Tag of the functions image the services start with (a git commit SHA). Only used when a service is created: later images are rolled out by cloudbuild.yaml."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a Docker tag (letters, digits, _ . -; at most 128 characters)."
  }
}

variable "alert_email" {
  description = "E-mail address that receives the Cloud Monitoring alerts (dead letters, function errors)."
  type        = string
  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address."
  }
}

variable "github_owner" {
  description = "GitHub owner (user or organisation) of the MCE repository, connected to Cloud Build."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,39}$", var.github_owner))
    error_message = "github_owner must be a GitHub user or organisation name."
  }
}

variable "github_repo" {
  description = "Name of the MCE repository on GitHub."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,100}$", var.github_repo))
    error_message = "github_repo must be a GitHub repository name."
  }
}

variable "deploy_branch" {
  description = "Branch whose pushes Cloud Build tests, builds and deploys to this environment; the promotion pipeline runs its cloudbuild.promote.yaml."
  type        = string
  default     = "main"
  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]{1,100}$", var.deploy_branch))
    error_message = "deploy_branch must be a plain branch name."
  }
}

variable "promote_approvers" {
  description = "Principals allowed to approve a model promotion (Cloud Build Approver), e.g. [\"group:mce-ops@example.com\"]."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for m in var.promote_approvers : can(regex("^(user|group|serviceAccount):", m))])
    error_message = "Each approver must start with user:, group: or serviceAccount:."
  }
}

variable "mongo_db" {
  description = "MongoDB database name (MONGO_DB); the connection URI itself is the MONGO_URI secret."
  type        = string
  default     = "mce"
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,63}$", var.mongo_db))
    error_message = "mongo_db must be 1-63 letters, digits, _ or -."
  }
}

variable "weather_source" {
  description = "Weather provider of ingest-weather (MCE_WEATHER_SOURCE). openweather reads its key from the OPENWEATHER_API_KEY secret."
  type        = string
  default     = "openweather"
  validation {
    condition     = contains(["openweather", "open-meteo"], var.weather_source)
    error_message = "weather_source must be openweather or open-meteo."
  }
}

variable "log_level" {
  description = "MCE_LOG_LEVEL of every function."
  type        = string
  default     = "INFO"
  validation {
    condition     = contains(["DEBUG", "INFO", "WARNING", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARNING or ERROR."
  }
}

variable "max_instances_cap" {
  description = "Upper bound on every service's max instances (keeps dev small; prod uses each function's own limit)."
  type        = number
  default     = 100
  validation {
    condition     = var.max_instances_cap >= 1 && var.max_instances_cap <= 1000
    error_message = "max_instances_cap must be between 1 and 1000."
  }
}

variable "max_delivery_attempts" {
  description = "Failed pushes of one message before Pub/Sub moves it to the function's dead-letter topic (Pub/Sub allows 5-100)."
  type        = number
  default     = 5
  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "dead_letter_retention_days" {
  description = "Days a dead-lettered message is kept (topic retention; the dead-letter subscription keeps at most 7, Pub/Sub's limit)."
  type        = number
  default     = 14
  validation {
    condition     = var.dead_letter_retention_days >= 1 && var.dead_letter_retention_days <= 31
    error_message = "dead_letter_retention_days must be between 1 and 31."
  }
}

variable "raw_nearline_after_days" {
  description = "Age in days after which uploaded metering files move to Nearline storage."
  type        = number
  default     = 30
  validation {
    condition     = var.raw_nearline_after_days >= 1
    error_message = "raw_nearline_after_days must be at least 1."
  }
}

variable "raw_archive_after_days" {
  description = "Age in days after which uploaded metering files move to Archive storage (kept, never deleted: they are the source of truth)."
  type        = number
  default     = 365
  validation {
    condition     = var.raw_archive_after_days > var.raw_nearline_after_days
    error_message = "raw_archive_after_days must be greater than raw_nearline_after_days."
  }
}

variable "weather_schedule" {
  description = "Cron schedule (Europe/Madrid) of the weather tick: before the 11:00 forecast."
  type        = string
  default     = "0 10 * * *"
}

variable "forecast_schedule" {
  description = "Cron schedule (Europe/Madrid) of the forecast tick: the origin of the day-ahead forecast."
  type        = string
  default     = "0 11 * * *"
}

variable "retrain_schedule" {
  description = "Cron schedule (Europe/Madrid) of the scheduled retraining request (train-requested)."
  type        = string
  default     = "0 3 * * 1"
}

variable "error_ratio_threshold" {
  description = "Share of a function's requests answered 5xx (over 10 minutes) that raises an alert."
  type        = number
  default     = 0.2
  validation {
    condition     = var.error_ratio_threshold > 0 && var.error_ratio_threshold <= 1
    error_message = "error_ratio_threshold must be in (0, 1]."
  }
}

variable "monitor_schedule" {
  description = "Cron schedule (Europe/Madrid) of the monitor tick: after the morning P5D deliveries, before the 11:00 forecast (a model it promotes forecasts that day)."
  type        = string
  default     = "0 9 * * *"
}

variable "smtp_host" {
  description = "SMTP relay the monitor sends alert e-mails through (its password is the mce-smtp-pass secret)."
  type        = string
}

variable "smtp_port" {
  description = "SMTP port: 587 (STARTTLS) or 465 (implicit TLS)."
  type        = number
  default     = 587
}

variable "smtp_user" {
  description = "SMTP user name."
  type        = string
}

variable "alert_from" {
  description = "From address of the monitor's alert e-mails."
  type        = string
  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_from))
    error_message = "alert_from must be an e-mail address."
  }
}
