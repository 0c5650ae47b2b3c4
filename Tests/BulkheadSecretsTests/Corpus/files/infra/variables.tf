variable "db_password" {
  description = "Master password for the orders database"
  type        = string
  sensitive   = true
}

variable "github_token" {
  type      = string
  default   = ""
  sensitive = true
}

variable "api_key" {
  type    = string
  default = "REPLACE_ME"
}

variable "datadog_api_key" {
  type    = string
  default = null
}
