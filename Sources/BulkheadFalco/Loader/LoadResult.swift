import Foundation
import BulkheadCore

/// What loading rules files found, in Falco's vocabulary: every error and warning with the
/// item (type and name) and the file position it concerns. Unlike Falco, loading goes on after
/// an error, so one run reports every problem.
public struct LoadResult: Sendable {
    public var messages: [LoadMessage] = []
    /// The highest `required_engine_version` seen.
    public var requiredEngineVersion: EngineVersion?
    /// `required_plugin_versions` entries, each a list of acceptable alternatives.
    public var requiredPlugins: [[PluginRequirement]] = []

    public var errors: [LoadMessage] { messages.filter(\.isError) }
    public var warnings: [LoadMessage] { messages.filter { !$0.isError } }
    public var hasErrors: Bool { messages.contains(where: \.isError) }

    public init() {}
}

public struct PluginRequirement: Sendable, Hashable {
    public var name: String
    public var version: String
}

/// One error or warning. Codes are Falco's (`LOAD_ERR_*` errors, `LOAD_*` warnings) so
/// scripts written against `falco --validate -o json_output=true` keep working.
public struct LoadMessage: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // errors
        case fileRead = "LOAD_ERR_FILE_READ"
        case yamlParse = "LOAD_ERR_YAML_PARSE"
        case yamlValidate = "LOAD_ERR_YAML_VALIDATE"
        case compileCondition = "LOAD_ERR_COMPILE_CONDITION"
        case compileOutput = "LOAD_ERR_COMPILE_OUTPUT"
        case validate = "LOAD_ERR_VALIDATE"
        // warnings
        case unknownSource = "LOAD_UNKNOWN_SOURCE"
        case unsafeNACheck = "LOAD_UNSAFE_NA_CHECK"
        case noEventType = "LOAD_NO_EVTTYPE"
        case unknownFilter = "LOAD_UNKNOWN_FILTER"
        case unusedMacro = "LOAD_UNUSED_MACRO"
        case unusedList = "LOAD_UNUSED_LIST"
        case unknownItem = "LOAD_UNKNOWN_ITEM"
        case deprecatedItem = "LOAD_DEPRECATED_ITEM"
        case appendNoValues = "LOAD_APPEND_NO_VALUES"
        case exceptionNameNotUnique = "LOAD_EXCEPTION_NAME_NOT_UNIQUE"
        case invalidMacroName = "LOAD_INVALID_MACRO_NAME"
        case invalidListName = "LOAD_INVALID_LIST_NAME"
        case compileConditionWarning = "LOAD_COMPILE_CONDITION"
        case unknownKey = "LOAD_UNKNOWN_KEY"
        /// A field Falco defines but no Bulkhead source provides (rule skipped and listed by
        /// `runtime rules coverage`).
        case unavailableField = "LOAD_UNAVAILABLE_FIELD"

        public var isError: Bool { rawValue.hasPrefix("LOAD_ERR_") }
    }

    public var code: Code
    public var message: String
    /// Falco's item type: `rule`, `macro`, `list`, `exception`, `required_engine_version`,
    /// `required_plugin_versions`, `rules content`, `rules content item`.
    public var itemType: String
    public var itemName: String
    public var location: SourceLocation?

    public var isError: Bool { code.isError }

    public init(code: Code, message: String, itemType: String, itemName: String, location: SourceLocation?) {
        self.code = code
        self.message = message
        self.itemType = itemType
        self.itemName = itemName
        self.location = location
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        let item = itemName.isEmpty ? itemType : "\(itemType) '\(itemName)'"
        return "\(place)\(isError ? "error" : "warning"): \(item): \(message) [\(code.rawValue)]"
    }
}

/// Falco's rules engine version (`required_engine_version`): an integer N means 0.N.0.
public struct EngineVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int, minor: Int, patch: Int

    /// The Falco engine version whose rule language Bulkhead implements.
    public static let current = EngineVersion(major: 0, minor: 63, patch: 0)

    public init(major: Int, minor: Int, patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = UInt32(t) {
            self.init(major: 0, minor: Int(n), patch: 0)
            return
        }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]),
              a >= 0, b >= 0, c >= 0 else { return nil }
        self.init(major: a, minor: b, patch: c)
    }

    /// Same major version and at least as new (Falco's `compatible_with`).
    public func isCompatible(with required: EngineVersion) -> Bool {
        major == required.major && self >= required
    }

    public static func < (l: EngineVersion, r: EngineVersion) -> Bool {
        (l.major, l.minor, l.patch) < (r.major, r.minor, r.patch)
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}
