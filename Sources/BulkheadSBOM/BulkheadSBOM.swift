// SBOM encoders: `SBOMDocument` (the format-independent input) is written by
// `Formats/CycloneDX/CycloneDXWriter` (CycloneDX 1.6 JSON) and `Formats/SPDX/SPDXWriter`
// (SPDX 2.3 JSON). Writers are pure and deterministic; each owns private Encodable DTOs.
