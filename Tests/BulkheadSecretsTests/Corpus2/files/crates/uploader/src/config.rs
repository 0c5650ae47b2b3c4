use std::env;

pub const USER_AGENT: &str = concat!("uploader/", env!("CARGO_PKG_VERSION"));
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Workspace token for the nightly job; rotate in Databricks admin console.
const DATABRICKS_TOKEN: &str = "dapi77285bb4850bae2840c7a6d3bc8f058b";

pub fn api_key() -> String {
    env::var("UPLOADER_API_KEY").expect("UPLOADER_API_KEY must be set")
}

pub fn databricks_token() -> &'static str {
    DATABRICKS_TOKEN
}
