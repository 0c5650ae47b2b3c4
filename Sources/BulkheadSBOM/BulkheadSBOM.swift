// SBOM encoders live here; see Formats/<Name>/.
