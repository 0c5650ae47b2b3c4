terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "prod/network.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAKY47Y77L3PRVT7LX"
  secret_key = "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"
}

resource "random_password" "db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine         = "postgres"
  instance_class = "db.r6g.large"
  username       = "orders_admin"
  password       = random_password.db.result
  kms_key_id     = "arn:aws:kms:eu-west-1:680980116033:key/b05113b1-fcf9-418c-8a76-78ddb9488aa7"
}

resource "aws_db_instance" "legacy" {
  identifier     = "legacy-reporting"
  engine         = "mysql"
  instance_class = "db.t3.medium"
  username       = "report"
  password       = "Cfzl!TSz*+38mc"
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = "orders-ec2"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_key_pair" "deploy" {
  key_name   = "deploy"
  public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICJT749mqKTFuYP93Saezw+pCGLMaCdp2+qyQWP57PEa deploy@acme-infra"
}

output "db_password" {
  value     = random_password.db.result
  sensitive = true
}
