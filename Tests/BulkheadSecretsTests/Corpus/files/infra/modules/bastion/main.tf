resource "aws_secretsmanager_secret" "bastion" {
  name = "prod/bastion/ssh-key"
}

resource "aws_secretsmanager_secret_version" "bastion_key" {
  secret_id     = aws_secretsmanager_secret.bastion.id
  secret_string = <<-EOT
    -----BEGIN OPENSSH PRIVATE KEY-----
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABFwAAAAdzc2gtcn
    NhAAAAAwEAAQAAAQEA08uYK16ZqVjOglmOU2gJj5zRrJSGTO+XHYF/WBC5eD7ZBPWoLGuM
    huMuUnaKQRcuDaGWhdE/vYKKpd8serJdZ5PQFBZNgg9jaLJ8QLJpGMIfAh/jmAnisp7KEm
    GqipqVO6nXGK8YR99KWBqVPXje483apSJpqYs7FYaIMMIVta62OudzXaJcczPX+U3k3pnf
    ZMQA2M00iEzyN9G8vXSpVYG6l19JnDRnyR7HJDojqsYKojC2oLAkl0xB+I7pSm9UFIFkQe
    BuLyuy4IKDQs2ZdlfYl5sp4sd3SORnFwdNYQJb+pLMZkdxRL4Al6WzH96j+oqo6cSQdsKA
    1pR8aeDRgQAAA8jvNgD27zYA9gAAAAdzc2gtcnNhAAABAQDTy5grXpmpWM6CWY5TaAmPnN
    GslIZM75cdgX9YELl4PtkE9agsa4yG4y5SdopBFy4NoZaF0T+9goql3yx6sl1nk9AUFk2C
    D2NosnxAsmkYwh8CH+OYCeKynsoSYaqKmpU7qdcYrxhH30pYGpU9eN7jzdqlImmpizsVho
    gwwhW1rrY653NdolxzM9f5TeTemd9kxADYzTSITPI30by9dKlVgbqXX0mcNGfJHsckOiOq
    xgqiMLagsCSXTEH4julKb1QUgWRB4G4vK7LggoNCzZl2V9iXmynix3dI5GcXB01hAlv6ks
    xmR3FEvgCXpbMf3qP6iqjpxJB2woDWlHxp4NGBAAAAAwEAAQAAAQAISdDbzU0QuToEqctL
    H430kIUik+HmbR+3btfMUG7nrM2f9xqfRBAI6nynthNJQpEBxXj0kJimBTpWjS4qY4709J
    jZeQ7MXWc3znipwf72Uh4gnnLw97MR0oBohClbw6VTLfLOA3J9GTje4N8bW57Htgi9pWP9
    QkamxsqPM5Xh/muhMUfnIgJ1WuCvCez8hwW33kAfgerlEBkbyR5XyHsSuT+p9wHQGbCTZ5
    ZYrSvC4em2n1ueqS8gm/BoHg8aqz4fzJBBr2DIOTBI432/BMHdFjaEYnm2ZmUbX0fanMxX
    Sh1uWW4hIVihFhbDU4zEQPIV4NSA8Vw+qBj4f5VBjV8pAAAAgQDCYrrf4Cdbi23Cnqa/5S
    Ys/0sRpKaPcDgAIcAQQpyl3uAr6bH1VQ5XQsDZRgTV8lr82L7++OrWt4K8k2q0yGGf0T2l
    A9S2CcK2YITI9Y/iX4IyWur78pAEA0Gvr13TdnkjB/79hiM+OqvLuSMftbaaLhVQdCwxga
    2/AIi/QzL0GQAAAIEA9Vd1fLUM4RP/Q/HuPwza3eev9izF7AoEIDxJ7IuRUapFAVh9EnvD
    iZneNxxXHZjG/HK7vuG1lbUzWqMAQTT8ug8EuIdMLCsrJAJltvHmjEKzRLXRRPLzjdlIC4
    USTXuNK/Nl6iyPHcQaLreW6IptvBnYYT0hEhan5QBMGFThehkAAACBANz/Dae2XPfpGftL
    BpejOPPqidaiMUYoawgnIs2HyySb6ZEk1MVHj3K+WySOZ4LiqWp0LGO3ZUh0SMW5RNp+R0
    w9TqZfRWbqso4NlchvR5gYX3T3cgVsQT5Qzs4HVZKNGHPpMcB6Mg9GwgVhcVR5i85DZfg5
    /gVZuA1hkStNVc+pAAAAEWJhc3Rpb25AYWNtZS1wcm9kAQ==
    -----END OPENSSH PRIVATE KEY-----
  EOT
}

resource "aws_instance" "bastion" {
  ami           = "ami-02492eb5f57d9c108"
  instance_type = "t3.micro"
  tags = {
    Name = "bastion"
  }
}
