# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.40.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:LEVkk0n7A3zBoWGoRFvQTN8b6tigwkBb9cKiNV/EYaA=",
    "zh:71dd9f831365866a777d05191e0f50cc18da56b2b3ee1697b6b7fbdefbed1672",
    "zh:d6a35876f3d8ab6d8c69155b3392282ec78dd2805c6d0f4192c518a4f063549b",
    "zh:c1d0701dd5a4600ef12487982cd2a1b7f848851c9e274bc3481aa456fb305b38",
  ]
}

provider "registry.terraform.io/cloudflare/cloudflare" {
  version     = "4.26.0"
  constraints = "~> 4.26"
  hashes = [
    "h1:ZrxbGPVQhEMA1DekurAKtceKl54iwJERWS8BoKRfT94=",
    "zh:03f23c95561157c50ebcffb7bbeb5df1eccb1fb0d00a0f97e2b5a9743a79f2e8",
    "zh:a35f925fbd8e823fb75354302c183b2e835af51096a11a236d2202d3ca775a5f",
    "zh:25a1489f73033e4b790f8f987816677b12a4d672adde89a6e2188b58c7c1b854",
  ]
}

provider "registry.terraform.io/integrations/github" {
  version     = "6.2.0"
  constraints = "~> 6.0"
  hashes = [
    "h1:Cy2269kgEL9ggtJT4ukZxiW4OjiT1IefdESsZhnAETE=",
    "zh:9c1fe1ef9cc518f5d1b41a8a9ab7268ff6d2094c09171879a39533639653416e",
    "zh:56cf02a968baeea01988e5e1c13c43fa1f46de5cf31c5808b54651fb3c201c45",
    "zh:52215e197e95e118db42ebf864cd687ad87557dc9b56607a11e476e99edc6f10",
  ]
}
