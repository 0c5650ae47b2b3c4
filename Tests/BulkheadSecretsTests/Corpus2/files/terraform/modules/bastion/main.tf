resource "tls_private_key" "bastion_host" {
  algorithm = "ED25519"
}

resource "aws_key_pair" "ops" {
  key_name   = "ops"
  public_key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC3ISdy8Gxay44OPmi+wftRIAiwyFau/hDufktDk0f8ASDktSH/HOtNRv/W9bE6rzBYjceozg+2RjccN5xqER6PvVKOvbYmd3RJ6ZLKpdnBFc2hZydnbE129gtRYDqpJtFqlew0rgK842dIh66QmbCHYVvr3CDXC9isPSrDW1XG7iuJh2EOArFtE85EQKczRXw63cQ7pE+FxA/9XMYk5CJoapjRla6AJZWgsaI+VT48bPG2XocokNz7/M9NJiE1BHx51e7QBDgK75UfU57P+p5OMDH94xCNg5UX37RB9GIA0gy1BWa9uAvgqomLEWhX6H1lzuuNQ6qGKYMjXpxZQUmX9DcJa+kGY/HOUyp0E2m4Cot/kcAxJuVE1dcHtPw7nPPH28SCUroX9WL11thApYkDgKbogF3rOqPqY0aG9yujLrtIWapiOwJOCCTaBJytlDUKnZuxNkw2SlQyvD6d5z9hpVvDBkshbTnfxhbo61vHrrZTL/tBAMu48mOAfIr214c= ops@acme"
}

resource "aws_ssm_parameter" "deploy_key" {
  name  = "/bastion/deploy-key"
  type  = "SecureString"
  value = <<-EOT
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
    QyNTUxOQAAACDNQficIFLxuMM5fXfS5uZ2JhWszj9CZIAER8oyonlT8gAAAJicxTRQnMU0
    UAAAAAtzc2gtZWQyNTUxOQAAACDNQficIFLxuMM5fXfS5uZ2JhWszj9CZIAER8oyonlT8g
    AAAEBPhoTu75l3tVHmMe6f6NE5BMzfozMUoETf6AOU8lMfz81B+JwgUvG4wzl9d9Lm5nYm
    FazOP0JkgARHyjKieVPyAAAADmJhc3Rpb24tZGVwbG95AQIDBAUGBw==
    -----END OPENSSH PRIVATE KEY-----
  EOT
}

resource "aws_instance" "bastion" {
  ami                    = "ami-478b0f96e2b4e3172"
  instance_type          = "t3.micro"
  key_name               = aws_key_pair.ops.key_name
  vpc_security_group_ids = [aws_security_group.bastion.id]
}
