import BulkheadCore

/// The built-in secret rules, sorted by ID (a test keeps it so). IDs are stable forever.
///
/// Every rule's examples are its tests: each triggering example must produce exactly one match of
/// that rule, at the `↓`; each passing example none. Peer references name Trivy's rule ids where
/// Trivy has the same rule, so `bench/compare-secrets` can compare rule by rule.
public enum SecretRules {
    public static let all: [SecretRule] = [
        awsAccessKeyID, awsSecretAccessKey, githubToken, githubFineGrained, gitlabToken, bitbucketToken, slackToken,
        slackWebhook, stripeKey, twilioAPIKey, sendgridKey, npmToken, npmrcAuth, pypiToken, jwt, privateKey,
        base64PrivateKey, azureKey, urlPassword, dockerConfigAuth, netrcPassword, netrcInline, googleAPIKey,
        openAIKey, anthropicKey, huggingFaceToken, digitalOceanToken, shopifyToken, vaultToken, genericAssignment,
        basicAuth, cliUserPassword, goMySQLDSN, configDirective, pgpass, xmlElement, sqlPassword, cliPassword,
        yamlEnvPair, twilioAccount, echoLogin, connectionString, phpDefine, base64DockerConfig, databricksToken,
        dockerHubToken, ageSecretKey, grafanaToken, newRelicKey, sonarToken, telegramBotToken,
    ]

    /// Rules by ID and slug (upper-cased), for configuration and `bulkhead rules`.
    public static func rule(_ idOrSlug: String) -> SecretRule? {
        let key = idOrSlug.uppercased()
        return all.first { $0.id.rawValue == key || $0.metadata.slug.uppercased() == key }
    }

    static func meta(_ id: String, _ slug: String, _ title: String, _ severity: Severity, rationale: String, fix: String,
                     references: [Reference] = [], triggering: [String], passing: [String],
                     hiddenPassing: [String] = []) -> RuleMetadata {
        RuleMetadata(id: RuleID(id), slug: slug, title: title, severity: severity, category: .secrets,
                     rationale: rationale, fix: fix, references: references,
                     examples: RuleExamples(triggering: triggering, passing: passing, hiddenPassing: hiddenPassing))
    }

    static let rotate = "Revoke and rotate the credential first (it is compromised once published), then load it at run time from a secret store (Kubernetes Secret, Vault, the CI system's secrets, BuildKit `--mount=type=secret`)."

    // MARK: - Cloud providers

    static let awsAccessKeyID = SecretRule(
        metadata: meta("SE001", "aws-access-key-id", "AWS Access Key ID", .critical,
                       rationale: "An AWS access key id is half of a long-lived IAM credential; the secret key is usually next to it. Together they act as the IAM user, often with broad rights.",
                       fix: rotate, references: [.trivy("aws-access-key-id")],
                       triggering: ["AWS_ACCESS_KEY_ID=↓AKIAZREP52A4IDFX465H", "key: \"↓ASIAZREP52A4IDFX465H\""],
                       passing: ["AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "id = AKIAXXXXXXXXXXXXXXXX", "arn:aws:iam::123456789012:user/AKIA"]),
        kind: "aws-access-key-id", keywords: ["akia", "asia", "abia", "acca", "a3t"],
        pattern: #"(?<![A-Za-z0-9])((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])"#,
        validator: SecretValidators.notPlaceholder)

    static let awsSecretAccessKey = SecretRule(
        metadata: meta("SE002", "aws-secret-access-key", "AWS Secret Access Key", .critical,
                       rationale: "The secret half of an IAM access key signs every AWS API request: whoever has it acts as the key's user.",
                       fix: rotate, references: [.trivy("aws-secret-access-key")],
                       triggering: ["aws_secret_access_key = ↓gNt9VIk5Tvuit9x6HwdGiGowioXM0+xoJAYtGq4C",
                                    "\"SecretAccessKey\": \"↓gNt9VIk5Tvuit9x6HwdGiGowioXM0+xoJAYtGq4C\""],
                       passing: ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                 "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}",
                                 "sha1 = 0123456789abcdef0123456789abcdef01234567"]),
        kind: "aws-secret-access-key",
        keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret", "awssecret", "secret_key"],
        pattern: #"(?i)(?:aws[_.\-]?)?secret[_.\-]?(?:access[_.\-]?)?key["'\]]{0,2}\s{0,4}(?:=|:=|:|=>)\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
        minEntropy: 4.0, validator: SecretValidators.mixedCase)

    static let azureKey = SecretRule(
        metadata: meta("SE018", "azure-storage-key", "Azure Storage or Service Bus Key", .critical,
                       rationale: "An Azure account key in a connection string grants full access to the storage account (or the Service Bus namespace) without expiry.",
                       fix: rotate + " In Azure, prefer managed identities over account keys.",
                       references: [.trivy("azure-storage-account-key")],
                       triggering: ["DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=↓NqqEyh5i4ZfhNcJY4t7VaZCv9PyQtpK8yAd495o2pMDKs5X1V6MKWpdRDKt0aWWMD4SkSRyNWanmdlT2tEJHsQ==;EndpointSuffix=core.windows.net"],
                       passing: ["AccountKey=<your-account-key>", "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=${STORAGE_KEY}"]),
        kind: "azure-connection-string", keywords: ["accountkey=", "sharedaccesskey="],
        pattern: #"(?i)(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,88}={0,2})"#, minEntropy: 4.0)

    static let googleAPIKey = SecretRule(
        metadata: meta("SE023", "google-api-key", "Google API Key", .high,
                       rationale: "A Google API key bills and authorises calls to the Google APIs enabled for its project.",
                       fix: rotate + " Restrict the key to the APIs and referrers that need it.",
                       references: [.trivy("gcp-api-key")],
                       triggering: ["const key = \"↓AIzaKsQmOo9p_P-sADAJ9mJOaO2GXqOlFNhDi06\";"],
                       passing: ["const key = \"AIzaSy...\";"]),
        kind: "gcp-api-key", keywords: ["aiza"], pattern: #"(?<![A-Za-z0-9])(AIza[0-9A-Za-z_\-]{35})(?![A-Za-z0-9_\-])"#,
        shape: TokenShape(prefix: "AIza", alphabet: .base64URL, minBody: 35))

    static let digitalOceanToken = SecretRule(
        metadata: meta("SE027", "digitalocean-token", "DigitalOcean Token", .critical,
                       rationale: "A DigitalOcean personal access, OAuth or refresh token controls the account's droplets, databases and keys.",
                       fix: rotate, references: [.trivy("digitalocean-pat")],
                       triggering: ["DO_TOKEN=↓dop_v1_8027da3f861b167661186c9346548dc94bedc6a171e06dae15506fb3802aebad"],
                       passing: ["DO_TOKEN=dop_v1_<token>"]),
        kind: "digitalocean-token", keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
        pattern: #"(?<![A-Za-z0-9])(do[opr]_v1_[a-f0-9]{64})(?![A-Za-z0-9])"#)

    // MARK: - Source control and CI

    static let githubToken = SecretRule(
        metadata: meta("SE003", "github-token", "GitHub Token", .critical,
                       rationale: "GitHub personal access, OAuth, user-to-server, server-to-server and refresh tokens act as their user or app on every repository they can reach: code, packages, workflows, secrets.",
                       fix: rotate, references: [.trivy("github-pat")],
                       triggering: ["GITHUB_TOKEN=↓ghp_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9", "token: ↓ghs_x8E8gzBmPwehzEJWWXr3WD2lu9CRG271GpF9"],
                       passing: ["GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}"]),
        kind: "github-token", keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        pattern: #"(?<![A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9])"#,
        shape: TokenShape(prefix: "gh", alphabet: .base64URL, minBody: 38), validator: SecretValidators.notPlaceholder)

    static let githubFineGrained = SecretRule(
        metadata: meta("SE004", "github-fine-grained-token", "GitHub Fine-Grained Token", .critical,
                       rationale: "A fine-grained personal access token acts as its user on the repositories it was granted.",
                       fix: rotate, references: [.trivy("github-fine-grained-pat")],
                       triggering: ["export GH_TOKEN=↓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"],
                       passing: ["export GH_TOKEN=github_pat_..."]),
        kind: "github-token", keywords: ["github_pat_"],
        pattern: #"(?<![A-Za-z0-9])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9])"#)

    static let gitlabToken = SecretRule(
        metadata: meta("SE005", "gitlab-token", "GitLab Token", .critical,
                       rationale: "GitLab personal, project, group, deploy, runner and pipeline-trigger tokens reach repositories, registries and CI.",
                       fix: rotate, references: [.trivy("gitlab-pat")],
                       triggering: ["private_token = \"↓glpat-oVDc7tJIuvZBtajY7Bv-\""],
                       passing: ["private_token = \"glpat-xxxxxxxxxxxxxxxxxxxx\"", "see https://docs.gitlab.com/glpat-"]),
        kind: "gitlab-token", keywords: ["glpat-", "glptt-", "gldt-", "glrt-", "glsoat-", "glcbt-"],
        pattern: #"(?<![A-Za-z0-9])((?:glpat|glptt|gldt|glrt|glsoat|glcbt)-[A-Za-z0-9_\-]{20,})(?![A-Za-z0-9_\-])"#,
        validator: SecretValidators.notPlaceholder)

    static let bitbucketToken = SecretRule(
        metadata: meta("SE006", "bitbucket-app-password", "Bitbucket App Password", .high,
                       rationale: "A Bitbucket app password authenticates git and API calls as its user.",
                       fix: rotate, references: [],
                       triggering: ["BITBUCKET_APP_PASSWORD=↓ATBBj7K9wzhRAuHiPQ3csjF44JtAJQ4Kw4BY"],
                       passing: ["BITBUCKET_APP_PASSWORD=ATBB"]),
        kind: "bitbucket-token", keywords: ["atbb"],
        pattern: #"(?<![A-Za-z0-9])(ATBB[A-Za-z0-9_=.\-]{28,})(?![A-Za-z0-9])"#,
        shape: TokenShape(prefix: "ATBB", alphabet: .tokenChars, minBody: 28), validator: SecretValidators.notPlaceholder)

    static let npmToken = SecretRule(
        metadata: meta("SE012", "npm-token", "npm Access Token", .high,
                       rationale: "An npm token publishes packages as its owner: a supply-chain attack on everyone who installs them.",
                       fix: rotate, references: [.trivy("npm-access-token")],
                       triggering: ["//registry.npmjs.org/:_authToken=↓npm_az6fwkSlCET5mFrwGMLgPT5uJvErLBAI9X1e"],
                       passing: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}"]),
        kind: "npm-token", keywords: ["npm_"], pattern: #"(?<![A-Za-z0-9])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])"#,
        shape: TokenShape(prefix: "npm_", alphabet: .alphanumeric, minBody: 36))

    static let npmrcAuth = SecretRule(
        metadata: meta("SE013", "npmrc-auth", "Registry Credential in .npmrc", .high,
                       rationale: "`_authToken`, `_auth` and `_password` entries of an .npmrc (or .yarnrc) authenticate to the package registry; legacy npm tokens are plain UUIDs that no token pattern recognises.",
                       fix: rotate + " Reference an environment variable instead: `_authToken=${NPM_TOKEN}`.",
                       triggering: ["//registry.npmjs.org/:_authToken=↓5b6c3a1e-2f4d-4e8a-9c7b-1d2e3f4a5b6c"],
                       passing: ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "always-auth=true"]),
        kind: "npm-token", keywords: ["_authtoken", "_auth", "_password"],
        pattern: #"(?i)(?:^|[\s:])_(?:authToken|auth|password)\s*=\s*["']?([^\s"'$]{8,})"#,
        isGeneric: true, validator: SecretValidators.notPlaceholder)

    static let pypiToken = SecretRule(
        metadata: meta("SE014", "pypi-token", "PyPI Upload Token", .high,
                       rationale: "A PyPI API token uploads releases of its projects: a supply-chain attack on every installer.",
                       fix: rotate, references: [.trivy("pypi-upload-token")],
                       triggering: ["password = ↓pypi-AgEIcHlwaS5vcmcLbWAKI3yRnt-bAHIIo_BXuK2r_OmRLHd1z6xYMHn_3ldwLNZQxDVtBhLsJwb"],
                       passing: ["password = pypi-AgEIcHlwaS5vcmc"]),
        kind: "pypi-token", keywords: ["pypi-ageichlwas5vcmc"],
        pattern: #"(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,})"#)

    static let vaultToken = SecretRule(
        metadata: meta("SE029", "vault-token", "HashiCorp Vault Token", .critical,
                       rationale: "A Vault service or batch token reads whatever secrets its policies allow.",
                       fix: rotate, references: [.trivy("hashicorp-vault-token")],
                       triggering: ["VAULT_TOKEN=↓hvs.fhNxGII5-F3Ao43EwLGzP3yqcAOTIo22efWkKu5IjMWanVopTLm4bVu284fWvaZMDxRqOPwOJhpCZFEAWBij"],
                       passing: ["VAULT_TOKEN=hvs.XXXX"]),
        kind: "vault-token", keywords: ["hvs.", "hvb."],
        pattern: #"(?<![A-Za-z0-9])(hv[sb]\.[A-Za-z0-9_\-]{24,})(?![A-Za-z0-9_\-])"#,
        shape: TokenShape(prefix: "hv", alphabet: .tokenChars, minBody: 26))

    // MARK: - SaaS APIs

    static let slackToken = SecretRule(
        metadata: meta("SE007", "slack-token", "Slack Token", .high,
                       rationale: "Slack bot, user, app and refresh tokens read and post messages, files and channel history of the workspace.",
                       fix: rotate, references: [.trivy("slack-access-token")],
                       triggering: ["SLACK_BOT_TOKEN=↓xoxb-057023249890-4726726940582-fVvXyZcFv0ycbXCZZl5g6UIZ"],
                       passing: ["SLACK_BOT_TOKEN=xoxb-your-token", "SLACK_BOT_TOKEN=xoxb-not-a-real-token-this-will-not-work"]),
        kind: "slack-token", keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxo-", "xoxe-", "xapp-"],
        pattern: #"(?<![A-Za-z0-9])((?:xox[abposre](?:\.xox[abposre])?-[0-9]{6,}-[0-9A-Za-z\-]{8,})|(?:xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]{16,}))"#,
        validator: SecretValidators.notPlaceholder)

    static let slackWebhook = SecretRule(
        metadata: meta("SE008", "slack-webhook", "Slack Incoming Webhook", .medium,
                       rationale: "Anyone with an incoming-webhook URL can post into the channel as the integration: phishing from a trusted name.",
                       fix: rotate, references: [.trivy("slack-web-hook")],
                       triggering: ["webhook: ↓https://hooks.slack.com/services/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"],
                       passing: ["webhook: https://hooks.slack.com/services/T000/B000/XXXX"]),
        kind: "slack-webhook", keywords: ["hooks.slack.com"],
        pattern: #"(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}/[AB][A-Z0-9]{6,}/[A-Za-z0-9]{16,})"#,
        validator: SecretValidators.notPlaceholder)

    static let stripeKey = SecretRule(
        metadata: meta("SE009", "stripe-key", "Stripe Secret or Restricted Key", .critical,
                       rationale: "A Stripe secret key moves money: charges, refunds, payouts. Test-mode keys still expose customer test data and account settings.",
                       fix: rotate, references: [.trivy("stripe-secret-token")],
                       triggering: ["STRIPE_KEY=↓sk_live_g83xOEYEh3VkGKbpUNP2GR9Q", "stripe.api_key = \"↓rk_test_g83xOEYEh3VkGKbpUNP2GR9Q\""],
                       passing: ["STRIPE_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc", "STRIPE_PUBLISHABLE=pk_live_g83xOEYEh3VkGKbpUNP2GR9Q"]),
        kind: "stripe-key", keywords: ["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
        pattern: #"(?<![A-Za-z0-9])([sr]k_(?:live|test)_[0-9A-Za-z]{20,247})(?![A-Za-z0-9])"#,
        validator: SecretValidators.notPlaceholder)

    static let twilioAPIKey = SecretRule(
        metadata: meta("SE010", "twilio-api-key", "Twilio API Key", .high,
                       rationale: "A Twilio API key sid with its secret sends SMS and places calls billed to the account.",
                       fix: rotate, references: [.trivy("twilio-api-key")],
                       triggering: ["TWILIO_API_KEY=↓SK4fe8b8105c198a0199f93e4f1fe800d6"],
                       passing: ["TASK4fe8b8105c198a0199f93e4f1fe800d6", "TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]),
        kind: "twilio", keywords: ["sk"], pattern: #"(?<![A-Za-z0-9])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])"#,
        shape: TokenShape(prefix: "SK", alphabet: .hex, minBody: 32), minEntropy: 3.0, validator: SecretValidators.notPlaceholder)

    static let sendgridKey = SecretRule(
        metadata: meta("SE011", "sendgrid-key", "SendGrid API Key", .high,
                       rationale: "A SendGrid key sends mail from the account's verified domains: phishing that passes SPF and DKIM.",
                       fix: rotate, references: [.trivy("sendgrid-api-token")],
                       triggering: ["SENDGRID_API_KEY=↓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"],
                       passing: ["msg.send(x)", "SENDGRID_API_KEY=SG.xxxxx"]),
        kind: "sendgrid", keywords: ["sg."], pattern: #"(?<![A-Za-z0-9])(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])"#,
        shape: TokenShape(prefix: "SG.", alphabet: .base64URL, minBody: 22), validator: SecretValidators.notPlaceholder)

    static let openAIKey = SecretRule(
        metadata: meta("SE024", "openai-key", "OpenAI API Key", .high,
                       rationale: "An OpenAI key spends the organisation's credit and reads its files, assistants and fine-tunes.",
                       fix: rotate, references: [.trivy("openai-api-key")],
                       triggering: ["OPENAI_API_KEY=↓sk-proj-aiKaWVRQY0pQ-LBtS6t-T3BlbkFJ4O_z5907p6c-QGws-aNp"],
                       passing: ["OPENAI_API_KEY=sk-..."]),
        kind: "openai-key", keywords: ["t3blbkfj"],
        pattern: #"(?<![A-Za-z0-9_\-])(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{16,}T3BlbkFJ[A-Za-z0-9_\-]{16,})(?![A-Za-z0-9_\-])"#)

    static let anthropicKey = SecretRule(
        metadata: meta("SE025", "anthropic-key", "Anthropic API Key", .high,
                       rationale: "An Anthropic API or admin key spends the organisation's credit and, for admin keys, manages its members and keys.",
                       fix: rotate, references: [.trivy("anthropic-api-key")],
                       triggering: ["ANTHROPIC_API_KEY=↓sk-ant-api03-HrtzFUeqWwMk6Cw7jRRoY5CW3kUGD53grSIurixhwXWmXcAgARsuhR49zYOuosYpZqnCETPiFkUWRBq3HWR82QWMw8_qQAA"],
                       passing: ["ANTHROPIC_API_KEY=sk-ant-..."]),
        kind: "anthropic-key", keywords: ["sk-ant-"],
        pattern: #"(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,})"#)

    static let huggingFaceToken = SecretRule(
        metadata: meta("SE026", "huggingface-token", "Hugging Face Token", .high,
                       rationale: "A Hugging Face token reads (and may write) the user's private models, datasets and spaces.",
                       fix: rotate, references: [.trivy("huggingface-access-token")],
                       triggering: ["HF_TOKEN=↓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"],
                       passing: ["HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "def hf_download_model_weights_from_hub(): pass"]),
        kind: "huggingface-token", keywords: ["hf_"], pattern: #"(?<![A-Za-z0-9_])(hf_[A-Za-z]{34})(?![A-Za-z0-9_])"#,
        shape: TokenShape(prefix: "hf_", alphabet: .alphanumeric, minBody: 34), validator: SecretValidators.mixedCase)

    static let shopifyToken = SecretRule(
        metadata: meta("SE028", "shopify-token", "Shopify Access Token", .high,
                       rationale: "Shopify admin, custom-app, private-app and shared-secret tokens read orders and customers and change the store.",
                       fix: rotate, references: [.trivy("shopify-token")],
                       triggering: ["SHOPIFY_TOKEN=↓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"],
                       passing: ["SHOPIFY_TOKEN=shpat_<token>"]),
        kind: "shopify-token", keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
        pattern: #"(?<![A-Za-z0-9])(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})(?![A-Za-z0-9])"#)

    // MARK: - Keys and tokens by structure

    static let jwt = SecretRule(
        metadata: meta("SE015", "jwt", "JSON Web Token", .medium,
                       rationale: "A signed JWT is a bearer credential until it expires; service-account and API tokens often never do.",
                       fix: rotate + " Issue short-lived tokens at run time instead of storing them.",
                       references: [.trivy("jwt-token")],
                       triggering: ["Authorization: Bearer ↓eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAiMTIzNCIsICJuYW1lIjogInN2YyJ9.UibPxPOjUtBiwR4RIvcIgg_iZRECqBeCjb9K-F6D-Mw"],
                       passing: ["token: eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0In0.", "data: eyJmb28iOiJiYXIifQ.eyJmb28iOiJiYXIifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"]),
        kind: "jwt", keywords: ["eyj"],
        pattern: #"(?<![A-Za-z0-9_\-])(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})(?![A-Za-z0-9_\-])"#,
        shape: TokenShape(prefix: "eyJ", alphabet: .base64URL, minBody: 8), validator: SecretValidators.jwt)

    static let privateKey = SecretRule(
        metadata: meta("SE016", "private-key", "Private Key", .critical,
                       rationale: "A private key (TLS, SSH, PGP, a cloud service account's) impersonates its owner: servers, signed releases, logins.",
                       fix: rotate + " Mount keys at run time (Kubernetes Secret volume, SSH agent forwarding, BuildKit `--mount=type=ssh`).",
                       references: [.trivy("private-key")],
                       triggering: ["↓-----BEGIN RSA PRIVATE KEY-----\nMIICXQIBAAKBgQDzAWQ0U8S8wlziVGR6HdRoopCZZS8OcYIN4YEHPmq4TeUR/nwv\ncKt7LKeyh7F/PgSSuZwk3LU7wo2C9wzW6Vcdgs7ohdaUZeZz4q84bT/aOLfvjcFs\n-----END RSA PRIVATE KEY-----",
                                    "{\"private_key\": \"↓-----BEGIN PRIVATE KEY-----\\nMIICXQIBAAKBgQDzAWQ0U8S8wlziVGR6HdRoopCZZS8OcYIN4YEHPmq4TeUR/nwv\\ncKt7LKeyh7F/PgSSuZwk3LU7wo2C9wzW6Vcdgs7ohdaUZeZz4q84bT/aOLfvjcFs\\n-----END PRIVATE KEY-----\\n\"}"],
                       passing: ["-----BEGIN PUBLIC KEY-----\nMIICXQIBAAKBgQDzAWQ0U8S8wlziVGR6HdRoopCZZS8OcYIN4YEHPmq4TeUR/nwv\n-----END PUBLIC KEY-----",
                                 "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
                                 "if line.startswith(\"-----BEGIN RSA PRIVATE KEY-----\"):"]),
        kind: "private-key", keywords: ["-----begin "],
        pattern: #"(-----BEGIN ([A-Z0-9 ]{0,30})PRIVATE KEY( BLOCK)?-----)([\s\S]{0,12000}?)(?:-----END|\z)"#,
        secretGroups: [1], displayGroup: 4, window: .following(bytes: 12 << 10), validator: SecretValidators.privateKeyBlock)

    static let base64PrivateKey = SecretRule(
        metadata: meta("SE017", "base64-private-key", "Base64-Encoded Private Key", .critical,
                       rationale: "kubeconfig `client-key-data`, Kubernetes Secret `data:` and CI variables carry PEM private keys base64-encoded, where a PEM pattern cannot see them.",
                       fix: rotate,
                       triggering: ["    client-key-data: ↓LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlDWFFJQkFBS0JnUUR6QVdRMFU4Uzh3bHppVkdSNkhkUm9vcENaWlM4T2NZSU40WUVIUG1xNFRlVVIvbnd2CmNLdDdMS2V5aDdGL1BnU1N1WndrM0xVN3dvMkM5d3pXNlZjZGdzN29oZGFVWmVaejRxODRiVC9hT0xmdmpjRnMKLS0tLS1FTkQgUlNBIFBSSVZBVEUgS0VZLS0tLS0K"],
                       passing: ["    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUNYUUlCQUFLQmdRRHpBV1EwVThTOHdsemlWR1I2SGRSb29wQ1paUzhPY1lJTjRZRUhQbXE0VGVVUi9ud3YKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="]),
        kind: "private-key", keywords: ["ls0tls1crudjti"],
        pattern: #"(LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2})"#,
        shape: TokenShape(prefix: "LS0tLS1CRUdJTi", alphabet: .base64, minBody: 60), validator: SecretValidators.base64PrivateKey)

    // MARK: - Credentials in configuration formats

    static let urlPassword = SecretRule(
        metadata: meta("SE019", "url-password", "Password in a Connection URL", .high,
                       rationale: "`scheme://user:password@host` URLs (databases, brokers, git remotes, proxies) carry the password in clear and end up in logs, process lists and image history.",
                       fix: rotate + " Pass the password separately (PGPASSWORD, a secret file, the driver's credential provider).",
                       triggering: ["DATABASE_URL=postgres://app:↓Xk29fPq7Lm3w@db.internal:5432/app", "git clone https://deploy:↓s3cr3tPass9@git.example.com/app.git"],
                       passing: ["DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app", "redis://:password@localhost:6379", "http://localhost:8080@", "postgres://user:pass@localhost/db"]),
        kind: "database-url", keywords: ["://"],
        pattern: #"(?i)\b[a-z][a-z0-9+.\-]{1,20}://([^:@/\s"'<>]{0,64}):([^@/\s"'<>]{3,128})@[A-Za-z0-9_.\-\[]"#,
        secretGroups: [2], validator: SecretValidators.urlPassword)

    static let dockerConfigAuth = SecretRule(
        metadata: meta("SE020", "docker-config-auth", "Registry Credential in Docker Config", .high,
                       rationale: "`auths.*.auth` in a Docker (or Podman) config.json is base64 `user:password` for the registry: pull and often push rights.",
                       fix: rotate + " Use a credential helper (`credsStore`) or a short-lived token, and keep config.json out of images.",
                       triggering: ["{\"auths\": {\"registry.example.com\": {\"auth\": \"↓Y2ktYm90OmN1Q1BlY1dPZEdYZlNtTW1KUGVa\"}}}"],
                       passing: ["{\"auths\": {\"registry.example.com\": {\"auth\": \"\"}}}", "{\"auth\": \"dXNlcjo=\"}"]),
        kind: "docker-config-auth", keywords: ["\"auth\""],
        pattern: #""auth"\s*:\s*"([A-Za-z0-9+/=]{8,})""#, validator: SecretValidators.dockerAuth)

    static let netrcPassword = SecretRule(
        metadata: meta("SE021", "netrc-password", "Password in .netrc", .high,
                       rationale: "curl, git, pip and ftp read `.netrc` logins automatically; a copy in an image hands the password to every user of the image.",
                       fix: rotate + " Mount the file as a build secret (`RUN --mount=type=secret,id=netrc,target=/root/.netrc`).",
                       triggering: ["machine api.example.com\n  login ci\n  password ↓Tq8vZ2mK5pLr"], passing: ["machine api.example.com\n  login ci\n  password changeme"]),
        kind: "netrc-password", keywords: ["password"], pattern: #"(?i)(?:^|\s)password\s+(\S+)"#,
        paths: [".netrc", "_netrc", "*.netrc"], examplePath: "home/ci/.netrc", validator: SecretValidators.netrcPassword)

    static let netrcInline = SecretRule(
        metadata: meta("SE022", "netrc-line", "Inline .netrc Credential", .high,
                       rationale: "A one-line `machine … login … password …` entry (often echoed into ~/.netrc by a build step) holds a password in clear.",
                       fix: rotate + " Mount the file as a build secret instead of writing it.",
                       triggering: ["RUN echo \"machine github.com login bot password ↓Tq8vZ2mK5pLr\" > ~/.netrc"],
                       passing: ["RUN echo \"machine github.com login bot password $TOKEN\" > ~/.netrc"]),
        kind: "netrc-password", keywords: ["machine"],
        pattern: #"(?i)\bmachine\s+\S+\s+login\s+\S+\s+password\s+([^\s"']+)"#, validator: SecretValidators.netrcPassword)

    static let genericAssignment = SecretRule(
        metadata: meta("SE030", "generic-credential", "Hard-Coded Credential", .medium,
                       rationale: "A password, secret, token or API key assigned a literal value in code or configuration: the credential ships with every copy of the file and image.",
                       fix: rotate + " Read it from the environment or a mounted secret file at run time.",
                       triggering: ["DB_PASSWORD=↓Xk29fPq7Lm3w!", "password: \"↓jr57ZBK9Ycg9nREdZnPa\"", "client_secret = '↓4f8a1c9e7b2d6f3a0e5c'",
                                    "API_KEY := \"↓q9X2mV7pL4tR8sW1\""],
                       passing: ["password = os.environ[\"DB_PASSWORD\"]", "password: changeme", "password_hash = \"5f4dcc3b5aa765d61d8327deb882cf99\"",
                                 "token = request.headers.get(\"Authorization\")", "\"password\": \"Password\"", "secret: ${SECRET}",
                                 "password = get_password(user)", "TOKEN_TTL=3600", "secretName: db-credentials", "password: \"{{ .Values.password }}\""]),
        kind: "generic-password",
        keywords: ["password", "passwd", "passphrase", "pwd", "secret", "token", "pepper", "credential", "auth", "key", "pass"],
        pattern: #"(?i)(?<![A-Za-z0-9_])((?:[A-Za-z0-9_.\-/]{0,30}?(?:password|passwd|passphrase|pwd|secret|token|pepper|credentials?|auth)[A-Za-z0-9_.\-]{0,20})|(?:[A-Za-z0-9_.\-/]{0,30}?(?:key|pass)))["'\]]{0,2}[ \t]{0,32}(?:=|:=|:|=>|\?=)[ \t]{0,32}(?:(["'`])([^"'`\s]{8,4096})\2|([^\s"'`,;]{8,4096}))"#,
        secretGroups: [3, 4], isGeneric: true, precheck: Precheck.assignmentFollows, validator: SecretValidators.genericAssignment)

    // MARK: - Credentials by context (config formats, command lines, SQL)

    static let basicAuth = SecretRule(
        metadata: meta("SE031", "basic-auth-header", "HTTP Basic Credentials", .high,
                       rationale: "`Authorization: Basic …` is base64 of `user:password`: a recorded request or a script with the header hands out the login.",
                       fix: rotate + " Send credentials from the environment (`curl -u \"$USER:$PASS\"`) or use tokens with an expiry.",
                       triggering: ["Authorization: Basic ↓Y2ktYm90OmN1Q1BlY1dPZEdYZlNtTW1KUGVa"],
                       passing: ["Authorization: Basic dXNlcjpwYXNzd29yZA==", "the Basic authentication scheme"]),
        kind: "basic-auth", keywords: ["basic "],
        pattern: #"(?i)\bbasic\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])"#, validator: SecretValidators.dockerAuth)

    static let cliUserPassword = SecretRule(
        metadata: meta("SE032", "cli-user-password", "Password on a Command Line (-u user:password)", .high,
                       rationale: "`curl -u user:password` and friends put the password in shell history, CI logs, process lists and, in a Dockerfile, the image history.",
                       fix: rotate + " Read it from a file or the environment (`curl --netrc-file`, `-u \"$USER:$PASS\"`).",
                       triggering: ["curl -fsS -u \"deployer:↓pfKfMbr8r1l_R9XnV\" https://ci.example.com/job"],
                       passing: ["curl -u \"$USER:$PASS\" https://ci.example.com", "curl -u admin:password http://localhost"]),
        kind: "basic-auth", keywords: ["-u ", "-u\"", "-u'", "--user"],
        pattern: #"(?:\s-u\s*|--user[=\s]\s*)["']?([^\s:"'$]+):([^\s"'$@]{6,})["']?"#, secretGroups: [2],
        validator: SecretValidators.strongContext)

    static let goMySQLDSN = SecretRule(
        metadata: meta("SE033", "mysql-dsn-password", "Password in a MySQL DSN", .high,
                       rationale: "Go's MySQL driver DSN `user:password@tcp(host)/db` carries the password in clear in code and configuration.",
                       fix: rotate + " Build the DSN from configuration at run time (mysql.Config with the password from a secret).",
                       triggering: ["dsn := \"app:↓PIdLj6bNevLNYCiyrkcH@tcp(mysql.internal:3306)/app\""],
                       passing: ["dsn := \"app:${DB_PASS}@tcp(mysql:3306)/app\"", "dsn := \"root:password@tcp(localhost:3306)/test\""]),
        kind: "database-url", keywords: ["@tcp(", "@unix("],
        pattern: #"([A-Za-z0-9_.\-]+):([^@\s"':/]{6,128})@(?:tcp|unix)\("#, secretGroups: [2], validator: SecretValidators.strongContext)

    static let configDirective = SecretRule(
        metadata: meta("SE034", "config-directive-password", "Password Directive in a Server Config", .high,
                       rationale: "Redis `requirepass`/`masterauth` and similar directives hold the server's shared password in clear; a config baked into an image shares it with every pull.",
                       fix: rotate + " Template the value at start-up from a mounted secret.",
                       triggering: ["requirepass ↓OtNNpJ98kJE7_", "  stats auth ops:↓quartz.Saffron80*"],
                       passing: ["requirepass foobared", "# requirepass <password>", "  stats auth admin:admin"]),
        kind: "generic-password", keywords: ["requirepass", "masterauth", "stats auth"],
        pattern: #"(?im)^\s*(?:(?:requirepass|masterauth)\s+["']?([^\s"']{6,})|stats\s+auth\s+[^:\s]+:(\S{6,}))"#,
        secretGroups: [1, 2], validator: SecretValidators.strongContext)

    static let pgpass = SecretRule(
        metadata: meta("SE035", "pgpass-password", "Password in .pgpass", .high,
                       rationale: "`~/.pgpass` lines are `host:port:db:user:password`; libpq reads them automatically.",
                       fix: rotate + " Mount the file as a secret at run time.",
                       triggering: ["db.internal:5432:orders:orders_rw:↓seS_FKkz0dsGgh6LKsm1"], passing: ["# hostname:port:database:username:password"]),
        kind: "generic-password", keywords: [":"],
        pattern: #"(?m)^[^#:\s][^:\s]*:[^:\s]+:[^:\s]+:[^:\s]+:(\S{4,})$"#, paths: [".pgpass", "pgpass"],
        examplePath: "home/postgres/.pgpass", validator: SecretValidators.strongContext)

    static let xmlElement = SecretRule(
        metadata: meta("SE036", "xml-credential", "Credential in an XML Element or appSettings Entry", .medium,
                       rationale: "Maven `settings.xml` `<password>`, .NET `<add key=\"ApiKey\" value=\"…\"/>` and similar XML configuration keep credentials in clear.",
                       fix: rotate + " Use Maven's encrypted passwords or environment variables; .NET user secrets or Key Vault references.",
                       triggering: ["<password>↓IS-jYW9WdNKg</password>", "<add key=\"ApiKey\" value=\"↓pKmlvxi0J2GH5wbnbgJczlY2NgmCkWz0\" />"],
                       passing: ["<password>${env.REPO_PASSWORD}</password>", "<add key=\"ApiKeyHeader\" value=\"X-Api-Key\" />"]),
        kind: "generic-password", keywords: ["password>", "secret>", "token>", "key>", "key=\""],
        pattern: #"(?i)(?:<([A-Za-z0-9_.:\-]*(?:password|passwd|secret|token|apikey|api_key|key))>([^<\s]{8,512})</|<add\s+key\s*=\s*"([^"]*(?:password|pwd|secret|token|key)[^"]*)"\s+value\s*=\s*"([^"\s]{8,512})")"#,
        secretGroups: [2, 4], validator: { c in
            let key = (c.groups.count > 3 ? c.groups[3] : nil) ?? c.groups[1] ?? ""
            return SecretValidators.judgeValue(c.secret, key: key)
        })

    static let sqlPassword = SecretRule(
        metadata: meta("SE037", "sql-password", "Password in a SQL Statement", .high,
                       rationale: "`CREATE USER … PASSWORD '…'` and `IDENTIFIED BY '…'` in migrations and seed scripts ship the database password with the code and the image.",
                       fix: rotate + " Create users from a deployment step that reads the password from a secret.",
                       triggering: ["CREATE USER app_rw WITH PASSWORD '↓HjN-^sK2xrZ^bw0D';", "GRANT ALL ON app.* TO 'app'@'%' IDENTIFIED BY '↓Tq8vZ2mK5pLr';"],
                       passing: ["CREATE USER app WITH PASSWORD :'app_password';", "ALTER USER app PASSWORD 'changeme';"]),
        kind: "generic-password", keywords: ["password '", "identified by"],
        pattern: #"(?i)\b(?:(?:WITH\s+(?:ENCRYPTED\s+)?)?PASSWORD|IDENTIFIED\s+BY)\s+'([^']{6,128})'"#, validator: SecretValidators.strongContext)

    static let cliPassword = SecretRule(
        metadata: meta("SE038", "cli-password-flag", "Password in a Client's -p Flag", .high,
                       rationale: "`mysql -pSECRET`, `mysqldump -p'…'` and `sshpass -p …` put the password in process lists, shell history, CI logs and image history.",
                       fix: rotate + " Use an option file (`--defaults-extra-file`), `MYSQL_PWD` from a secret, or `sshpass -f`.",
                       triggering: ["mysql -uadmin -p↓Fyh13cqWNeK0sWRTCh -h db.internal < migrate.sql", "mysql -u root -p'↓0.d!Qu!bTr+RKfvB' < grants.sql", "sshpass -p ↓Tq8vZ2mK5pLr ssh ops@host"],
                       passing: ["mysql -u root -p\"$MYSQL_ROOT_PASSWORD\"", "mysql -u root -p < dump.sql"]),
        kind: "generic-password", keywords: ["mysql", "mariadb", "sshpass"],
        pattern: #"\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|sshpass)\b[^\n|;&]*?\s-p\s?(?:'([^']{4,})'|"([^"$]{4,})"|([^\s'"$<>|;&-][^\s'"]{4,}))"#,
        secretGroups: [1, 2, 3], validator: SecretValidators.strongContext)

    static let yamlEnvPair = SecretRule(
        metadata: meta("SE039", "env-name-value", "Credential in a name/value Environment Entry", .medium,
                       rationale: "Kubernetes, Compose and CI files list environment variables as `- name: DB_PASSWORD` followed by `value: …`: a literal value there is the credential itself, in the manifest and in every copy of it.",
                       fix: rotate + " Use `valueFrom.secretKeyRef` (Kubernetes) or the CI system's secret store.",
                       triggering: ["- name: DB_PASSWORD\n  value: \"↓C8tNTzpxAfIlK.dDm\""],
                       passing: ["- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}", "- name: DB_PASSWORD_FILE\n  value: /run/secrets/db"]),
        kind: "generic-password", keywords: ["password", "passwd", "secret", "token", "key", "credential"],
        pattern: #"(?i)name:\s*["']?([A-Za-z0-9_.\-]*(?:password|passwd|secret|token|key|credentials?)[A-Za-z0-9_.\-]*)["']?\s*\n\s*value:\s*(["']?)([^\s"']{8,4096})\2"#,
        secretGroups: [3], window: .following(bytes: 1024), isGeneric: true, precheck: Precheck.nameLine,
        validator: SecretValidators.keyedValue)

    static let twilioAccount = SecretRule(
        metadata: meta("SE040", "twilio-auth-token", "Twilio Account SID with Auth Token", .high,
                       rationale: "A Twilio account SID with its auth token is the account's master credential: SMS, calls, numbers, billing.",
                       fix: rotate,
                       triggering: ["Twilio::REST::Client.new('ACe87342ab159950a5e11869b5f40310b2', '↓5f8a11ecc45c63c12645af9341fa6688')"],
                       passing: ["Twilio::REST::Client.new(ENV['TWILIO_SID'], ENV['TWILIO_TOKEN'])"]),
        kind: "twilio", keywords: ["twilio"],
        pattern: #"(?i)twilio[^\n]{0,80}?['"]AC[0-9a-f]{32}['"]\s*,\s*['"]([0-9a-f]{32})['"]"#, minEntropy: 3.0)

    static let echoLogin = SecretRule(
        metadata: meta("SE041", "piped-login-password", "Password Piped into a Registry Login", .high,
                       rationale: "`echo 'secret' | docker login --password-stdin` only hides the password from the process list: the script (and CI log, and image history) still holds it.",
                       fix: rotate + " Pipe from a secret: `docker login --password-stdin < \"$REGISTRY_PASSWORD_FILE\"`.",
                       triggering: ["echo \"↓i7k_3Is*ADRt\" | docker login \"$REGISTRY\" -u deploy --password-stdin"],
                       passing: ["echo \"$CI_REGISTRY_PASSWORD\" | docker login -u ci --password-stdin"]),
        kind: "generic-password", keywords: ["login"],
        pattern: #"\b(?:echo|printf)\s+(?:-n\s+)?["']?([^\s"'|$]{6,})["']?\s*\|\s*(?:sudo\s+)?(?:docker|podman|helm|buildah|skopeo|oras|nerdctl)\s+(?:registry\s+)?login"#,
        validator: SecretValidators.strongContext)

    static let connectionString = SecretRule(
        metadata: meta("SE042", "connection-string-password", "Password in a Connection String", .high,
                       rationale: "ADO.NET, ODBC and JDBC property connection strings (`Server=…;User Id=…;Password=…;`) keep the database password in clear.",
                       fix: rotate + " Use integrated authentication or managed identities, or read the password from a secret store at start-up.",
                       triggering: ["\"DATABASE=reports;UID=report_writer;PWD=↓2.Ok*6PMiKWSHz9fqolu;Encrypt=yes;\"",
                                    "DriverManager.getConnection(\"jdbc:mysql://db:3306/ledger?user=ledger&password=↓VzhTYuxujgGu8LZe&useSSL=true\")"],
                       passing: ["Server=db;User Id=app;Password=${DB_PASSWORD};", "password=hunter2 is a bad password"],
                       hiddenPassing: ["jdbc:mysql://db/app?user=app&password=changeme"]),
        kind: "database-connection-string", keywords: ["pwd=", "password="],
        pattern: #"(?i)(?:^|[;"'\s?&])(?:password|pwd)\s*=\s*([^;&"'\s]{6,128})\s*(?=;|&|["']|$)"#, isGeneric: false,
        validator: SecretValidators.connectionString)

    static let phpDefine = SecretRule(
        metadata: meta("SE043", "php-define-secret", "Secret in a PHP define()", .high,
                       rationale: "`define('DB_PASSWORD', '…')` and WordPress's `AUTH_KEY`/`*_SALT` constants in wp-config.php are the database password and the session-signing keys.",
                       fix: rotate + " Read them with getenv() from the environment or a secret file.",
                       triggering: ["define( 'DB_PASSWORD', '↓G4^fcCulJ26fvxCk8-54E' );", "define( 'AUTH_KEY',  '↓m}lfBA:BgF|+[>0ah>LBsp4YJ7w)i~}l^5LcT' );"],
                       passing: ["define( 'AUTH_KEY', 'put your unique phrase here' );", "define( 'DB_PASSWORD', getenv('DB_PASSWORD') );"]),
        kind: "generic-password", keywords: ["define("],
        pattern: #"(?i)define\(\s*['"]([A-Z0-9_]*(?:PASSWORD|PASS|SECRET|KEY|TOKEN|SALT)[A-Z0-9_]*)['"]\s*,\s*(?:'([^']{8,256})'|"([^"]{8,256})")\s*\)"#,
        secretGroups: [2, 3], validator: SecretValidators.strongContext)

    // MARK: - More token formats and encodings

    static let base64DockerConfig = SecretRule(
        metadata: meta("SE044", "base64-docker-config", "Base64-Encoded Docker Registry Credentials", .high,
                       rationale: "A Kubernetes `.dockerconfigjson` (or any base64 of a Docker config) holds `auths.*.auth`, itself base64 `user:password`, two encodings deep where no pattern sees it.",
                       fix: rotate + " Create pull secrets at deploy time (External Secrets, Sealed Secrets) instead of committing them.",
                       triggering: ["  .dockerconfigjson: ↓eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiWTJrdFltOTBPbU4xUTFCbFkxZFBaRWRZWmxOdFRXMUtVR1ZhIn19fQ=="],
                       passing: ["  .dockerconfigjson: eyJhdXRocyI6e319"]),
        kind: "docker-config-auth", keywords: ["eyjhdxrocyi6"],
        pattern: #"(eyJhdXRocyI6[A-Za-z0-9+/]{8,}={0,2})"#, validator: SecretValidators.base64DockerConfig)

    static let databricksToken = SecretRule(
        metadata: meta("SE045", "databricks-token", "Databricks Access Token", .high,
                       rationale: "A Databricks personal access token runs jobs and reads the workspace's data as its user.",
                       fix: rotate, references: [.trivy("databricks-api-token")],
                       triggering: ["DATABRICKS_TOKEN = \"↓dapif89a363b5c611daaf7b7536a1027062e\""], passing: ["DATABRICKS_TOKEN = \"dapi<token>\""]),
        kind: "databricks-token", keywords: ["dapi"], pattern: #"(?<![A-Za-z0-9])(dapi[a-f0-9]{32}(?:-[0-9])?)(?![A-Za-z0-9])"#,
        shape: TokenShape(prefix: "dapi", alphabet: .hex, minBody: 32))

    static let dockerHubToken = SecretRule(
        metadata: meta("SE046", "dockerhub-token", "Docker Hub Access Token", .high,
                       rationale: "A Docker Hub personal access token pushes images as its owner: a supply-chain attack on everyone who pulls them.",
                       fix: rotate, references: [.trivy("dockerhub-pat")],
                       triggering: ["docker login -u acmeci -p ↓dckr_pat_1tiyMiTvWRdlH2zdUhz0ynoY1sN"], passing: ["DOCKERHUB_TOKEN=dckr_pat_..."]),
        kind: "dockerhub-token", keywords: ["dckr_pat_", "dckr_oat_"],
        pattern: #"(?<![A-Za-z0-9])(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{20,})(?![A-Za-z0-9_\-])"#)

    static let ageSecretKey = SecretRule(
        metadata: meta("SE047", "age-secret-key", "age Secret Key", .critical,
                       rationale: "An age identity decrypts every file (and sops secret) encrypted to it.",
                       fix: rotate + " Re-encrypt what the key protected to a new recipient.",
                       triggering: ["↓AGE-SECRET-KEY-1GKXGPG9FP7DMAMM0ZZC76NXL05EA96KTX09G70D53WM9VUVVDKFZ50M8ZK"],
                       passing: ["# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"]),
        kind: "age-secret-key", keywords: ["age-secret-key-1"], pattern: #"(AGE-SECRET-KEY-1[0-9A-Z]{58})"#)

    static let grafanaToken = SecretRule(
        metadata: meta("SE048", "grafana-token", "Grafana Cloud or Service Account Token", .high,
                       rationale: "Grafana Cloud API tokens and service-account tokens read and change dashboards, data sources and alerting.",
                       fix: rotate, references: [.trivy("grafana-api-token")],
                       triggering: ["GRAFANA_TOKEN=↓glsa_kT3nR8vW2yX5zA7bC9dE1fG4hJ6kL0mN_1a2b3c4d"], passing: ["GRAFANA_TOKEN=glsa_..."]),
        kind: "grafana-token", keywords: ["glc_", "glsa_"],
        pattern: #"(?<![A-Za-z0-9])((?:glc_[A-Za-z0-9+/]{32,}={0,2})|(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}))(?![A-Za-z0-9])"#)

    static let newRelicKey = SecretRule(
        metadata: meta("SE049", "newrelic-key", "New Relic API Key", .high,
                       rationale: "A New Relic user API key (NRAK-) queries and changes the account's telemetry, alerts and users.",
                       fix: rotate, references: [.trivy("new-relic-user-api-key")],
                       triggering: ["NEW_RELIC_API_KEY=↓NRAK-7Q2WX9ZK4M3V8B1N6C5R0T2Y4UI"], passing: ["NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX"]),
        kind: "newrelic-key", keywords: ["nrak-"], pattern: #"(?<![A-Za-z0-9])(NRAK-[A-Z0-9]{27})(?![A-Za-z0-9])"#,
        validator: SecretValidators.notPlaceholder)

    static let sonarToken = SecretRule(
        metadata: meta("SE050", "sonarqube-token", "SonarQube Token", .medium,
                       rationale: "SonarQube user, project and global analysis tokens read source code and analysis results.",
                       fix: rotate,
                       triggering: ["SONAR_TOKEN=↓squ_3f9a1c7e5b2d8f4a6c0e9b1d3f5a7c9e1b2d4f6a"], passing: ["SONAR_TOKEN=squ_<token>"]),
        kind: "sonarqube-token", keywords: ["squ_", "sqp_", "sqa_"],
        pattern: #"(?<![A-Za-z0-9])(sq[upa]_[a-f0-9]{40})(?![A-Za-z0-9])"#)

    static let telegramBotToken = SecretRule(
        metadata: meta("SE051", "telegram-bot-token", "Telegram Bot Token", .medium,
                       rationale: "A Telegram bot token controls the bot: reads its chats and messages as it.",
                       fix: rotate, references: [.trivy("telegram-bot-api-token")],
                       triggering: ["TELEGRAM_BOT_TOKEN=↓7123456789:AAHf3kL9mN2pQ5rS8tU1vW4xY7zA0bC3dE6"], passing: ["TELEGRAM_BOT_TOKEN=123:ABC"]),
        kind: "telegram-token", keywords: [":aa"],
        pattern: #"(?<![0-9])([0-9]{8,10}:AA[0-9A-Za-z_\-]{33})(?![0-9A-Za-z_\-])"#)
}
