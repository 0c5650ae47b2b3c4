import BulkheadCore

/// DL3064 / BuildKit SecretsUsedInArgOrEnv: ARG or ENV names that look like credentials.
struct SecretInArgOrEnvRule: DockerfileRule {
    static let message = "Potentially sensitive data should not be used in the `ARG` or `ENV` commands"

    static let metadata = RuleMetadata(
        id: "DF164", slug: "secret-in-arg-or-env", title: "ARG or ENV name suggests a secret",
        severity: .medium, category: .secrets,
        rationale: """
            `ENV` values are stored in the image config and `ARG` values in the build history \
            (`docker history`), readable by anyone who can pull the image. A variable named like a \
            password, token or key almost always ends up holding one.
            """,
        fix: "Pass secrets with `RUN --mount=type=secret,id=token …` (BuildKit secrets) or at run time, not through ARG/ENV.",
        references: [.hadolint("DL3064"), .buildkit("SecretsUsedInArgOrEnv")],
        examples: RuleExamples(
            triggering: [
                "FROM debian:12\n↓ARG AWS_ACCESS_KEY_ID",
                "FROM debian:12\n↓ENV my_password=hunter2",
                "FROM debian:12\n↓ARG openai_api_key",
                "FROM debian:12\n↓ONBUILD ENV GITHUB_TOKEN=x",
            ],
            passing: [
                "FROM debian:12\nARG foobar",
                "FROM debian:12\nENV foobar=barfoo",
                "FROM debian:12\nENV PATH=/usr/local/bin:$PATH",
            ],
            hiddenTriggering: [
                "FROM debian:12\n↓ARG PASSWORD",
                "FROM debian:12\n↓ENV TOKENIZERS_PARALLELISM=false",
                "FROM debian:12\n↓ENV A=1 PRIVATE_REGISTRY=x",
            ]))

    static let knownNames: Set<String> = [
        "ACCESS_TOKEN", "APPLICATION_KEY", "APP_SECRET", "AUTH_TOKEN", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "BITTREX_API_KEY", "BITTREX_API_SECRET", "CF_PASSWORD", "CF_USERNAME",
        "CIRCLE_TOKEN", "CI_DEPLOY_PASSWORD", "CI_DEPLOY_USER", "DOCKERHUB_PASSWORD", "DOCKER_EMAIL",
        "DOCKER_PASSWORD", "DOCKER_USERNAME", "FACEBOOK_ACCESS_TOKEN", "FACEBOOK_APP_ID", "FACEBOOK_APP_SECRET",
        "FIREBASE_API_TOKEN", "FIREBASE_TOKEN", "FOSSA_API_KEY", "GH_ENTERPRISE_TOKEN", "GH_TOKEN",
        "GITHUB_ENTERPRISE_TOKEN", "GITHUB_TOKEN", "HEROKU_API_KEY", "HEROKU_API_USER", "NPM_AUTH_TOKEN",
        "NPM_TOKEN", "OKTA_AUTHN_GROUPID", "OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_OAUTH2_CLIENTID",
        "OKTA_OAUTH2_CLIENTSECRET", "OPENAI_API_KEY", "OS_PASSWORD", "OS_USERNAME", "POSTGRES_PASSWORD",
        "SLACK_TOKEN", "STRIPE_API_KEY", "STRIPE_DEVICE_NAME", "TRAVIS_OS_NAME", "TRAVIS_SECURE_ENV_VARS",
        "TRAVIS_SUDO", "VAULT_CLIENT_KEY", "VAULT_TOKEN",
    ]

    static let suspiciousParts = ["api_key", "client_key", "password", "private", "secret", "token", "username"]

    static func isSensitive(_ name: String) -> Bool {
        if knownNames.contains(name.uppercased()) { return true }
        let lower = name.lowercased()
        return suspiciousParts.contains { lower.contains($0) }
    }

    func check(_ instruction: Instruction, in context: DockerfileContext, state: inout Void,
               report: (Violation) -> Void) {
        let target = instruction.effective
        let names: [String]
        switch target.arguments {
        case .args(let decls) where target.name == .arg:
            // Hadolint reads only the first name of `ARG A B`.
            names = decls.first.map { [$0.name] } ?? []
        case .pairs(let pairs) where target.name == .env:
            names = pairs.map { WordSplitter.unquote($0.key, escape: context.file.escape) }
        default:
            return
        }
        guard let name = names.first(where: Self.isSensitive) else { return }
        report(Violation(instruction, "\(Self.message) ('\(name)')"))
    }
}
