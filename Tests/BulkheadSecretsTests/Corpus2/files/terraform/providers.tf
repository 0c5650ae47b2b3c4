terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 4.26"
    }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAXTFEU5422XDVRYSK"
  secret_key = "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"
}

provider "github" {
  owner = "acme"
  token = var.github_token
}

provider "cloudflare" {
  api_token = "JoC4xFic-GLl48TfPrEwBDorqUZQZMxhAp1mL3bN"
}

variable "github_token" {
  type      = string
  sensitive = true
}
