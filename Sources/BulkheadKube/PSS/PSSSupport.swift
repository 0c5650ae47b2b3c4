import BulkheadCore

/// A check as upstream registers it: an id, the level it belongs to, and the implementation
/// in force from each minimum version on (the newest one not newer than the asked version wins).
struct PSSCheck: Sendable {
    var id: String
    var level: PSSLevel
    var versions: [PSSCheckVersion]

    /// The implementation in force at `version`; nil before the check existed.
    func implementation(at version: PSSVersion) -> PSSCheckVersion? {
        versions.last { $0.minimum <= version }
    }
}

struct PSSCheckVersion: Sendable {
    var minimum: PSSVersion
    /// Baseline checks this restricted implementation replaces (it checks the same thing harder).
    var overrides: [String] = []
    var run: @Sendable (PSSPod) -> PSSVerdict

    init(_ major: Int, _ minor: Int, overrides: [String] = [], _ run: @escaping @Sendable (PSSPod) -> PSSVerdict) {
        minimum = PSSVersion(major: major, minor: minor)
        self.overrides = overrides
        self.run = run
    }
}

/// What one check implementation decides.
struct PSSVerdict: Sendable {
    var allowed: Bool
    var reason: String
    var detail: String
    var fields: [PSSField]

    static let allowed = PSSVerdict(allowed: true, reason: "", detail: "", fields: [])

    static func denied(_ reason: String, _ detail: String, _ fields: [PSSField]) -> PSSVerdict {
        PSSVerdict(allowed: false, reason: reason, detail: detail, fields: fields)
    }
}

/// A manifest node together with its field path and the position to report for it. An absent
/// field keeps the position of its nearest written ancestor, so a finding about a missing
/// `runAsNonRoot` still points into the right container.
///
/// Presence follows the Go decoder upstream relies on: a pointer field is set when the key holds
/// anything but null (`seccompProfile: {}` is set, with an empty type); a wrongly typed scalar
/// reads as the Go zero value (a quoted `"true"` is not `true`, a missing string is "").
struct PSSLocated: Sendable {
    var node: KubeNode?
    var path: String
    var line: Int
    var column: Int

    init(node: KubeNode?, path: String, line: Int, column: Int) {
        self.node = node
        self.path = path
        self.line = line
        self.column = column
    }

    /// The field `key` of this mapping (absent when this is not a mapping or lacks the key).
    func child(_ key: String) -> PSSLocated {
        if let node, let entry = node.entry(key) {
            return PSSLocated(node: entry.value, path: path + "." + key, line: entry.keyLine, column: entry.keyColumn)
        }
        return PSSLocated(node: nil, path: path + "." + key, line: line, column: column)
    }

    /// A dotted chain of keys (`securityContext.seccompProfile.type`).
    subscript(keys: String) -> PSSLocated {
        var here = self
        for key in keys.split(separator: ".") { here = here.child(String(key)) }
        return here
    }

    /// The items of this sequence, each located (nothing when this is not a sequence).
    var items: [PSSLocated] {
        guard let node else { return [] }
        return node.items.enumerated().map { i, item in
            PSSLocated(node: item, path: "\(path)[\(i)]", line: item.line, column: item.column)
        }
    }

    /// Set, as a Go pointer would be: written and not null.
    var isSet: Bool {
        guard let node else { return false }
        return !node.isNull
    }

    /// An unquoted boolean `true`.
    var isTrue: Bool { node?.bool == true }

    /// The boolean value when this is a boolean, nil otherwise (unset or wrongly typed).
    var bool: Bool? { node?.bool }

    /// The integer value when this is an integer, nil otherwise.
    var int: Int? { node?.int }

    /// The scalar text, or "" (Go's zero value) when absent, null or not a scalar.
    var text: String { node?.string ?? "" }

    var field: PSSField { PSSField(path: path, line: line, column: column) }
}

/// One container of the pod, with its name (for messages) and location.
struct PSSContainer: Sendable {
    var name: String
    var located: PSSLocated

    var securityContext: PSSLocated { located.child("securityContext") }
}

/// The pod under evaluation, prepared once and shared by every check.
struct PSSPod: Sendable {
    var spec: PSSLocated
    var metadata: PSSLocated
    /// initContainers, then containers, then ephemeralContainers — upstream's visiting order,
    /// which fixes the order of names in messages.
    var containers: [PSSContainer]

    init(metadata: KubeNode?, spec: KubeNode, specPath: String, metadataPath: String) {
        self.spec = PSSLocated(node: spec, path: specPath, line: spec.line, column: spec.column)
        self.metadata = PSSLocated(node: metadata, path: metadataPath,
                                   line: metadata?.line ?? spec.line, column: metadata?.column ?? spec.column)
        var containers: [PSSContainer] = []
        for list in ["initContainers", "containers", "ephemeralContainers"] {
            for item in self.spec.child(list).items {
                containers.append(PSSContainer(name: item.child("name").text, located: item))
            }
        }
        self.containers = containers
    }

    var securityContext: PSSLocated { spec.child("securityContext") }

    /// `spec.os.name: windows`: the restricted checks that cannot apply to Windows skip it (1.25+).
    var isWindows: Bool { spec["os.name"].text == "windows" }

    /// `spec.hostUsers: false`: the pod runs in a user namespace, so root in it is not host root.
    var inUserNamespace: Bool { spec.child("hostUsers").bool == false }

    /// The pod's annotations as written: key, value ("" when not a scalar) and location.
    var annotations: [(key: String, value: String, located: PSSLocated)] {
        let holder = metadata.child("annotations")
        guard let node = holder.node else { return [] }
        return node.entries.map { entry in
            (entry.key, entry.value.string ?? "",
             PSSLocated(node: entry.value, path: "\(holder.path)[\(entry.key)]", line: entry.keyLine, column: entry.keyColumn))
        }
    }
}

// MARK: message helpers (upstream's wording)

enum PSSText {
    /// `"a", "b"` — names quoted and comma-separated, as upstream lists them.
    static func quoted(_ items: [String]) -> String {
        items.isEmpty ? "" : "\"" + items.joined(separator: "\", \"") + "\""
    }

    static func plural(_ singular: String, _ plural: String, _ count: Int) -> String {
        count == 1 ? singular : plural
    }

    /// `containers "a", "b"` / `container "a"`.
    static func containers(_ names: [String]) -> String {
        "\(plural("container", "containers", names.count)) \(quoted(names))"
    }

    /// A Go `%q` rendering of a string (upstream prints values with `%q`).
    static func goQuoted(_ s: String) -> String { goQuote(s, controls: .hex) }

    /// Sorted and de-duplicated, as upstream's string sets list themselves.
    static func sortedSet(_ items: [String]) -> [String] {
        Array(Set(items)).sorted(by: byteOrder)
    }

    /// Go's string order (bytes), which is what upstream sorts by.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
