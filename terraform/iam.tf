# Least privilege per function: each service account gets exactly the bucket roles and topics its
# entry in local.functions lists (secrets: secrets.tf). No project-wide roles.

locals {
  function_buckets = merge([
    for name, f in local.functions : {
      for bucket, role in f.buckets : "${name}/${bucket}" => { function = name, bucket = bucket, role = role }
    }
  ]...)

  function_publishes = merge([
    for name, f in local.functions : {
      for topic in f.publishes : "${name}/${topic}" => { function = name, topic = topic }
    }
  ]...)
}

resource "google_storage_bucket_iam_member" "function" {
  for_each = local.function_buckets
  bucket   = local.bucket_names[each.value.bucket]
  role     = each.value.role
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
  depends_on = [
    google_storage_bucket.raw,
    google_storage_bucket.blobs,
    google_storage_bucket.artifacts,
  ]
}

resource "google_pubsub_topic_iam_member" "function_publisher" {
  for_each = local.function_publishes
  topic    = google_pubsub_topic.topic[each.value.topic].id
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}
