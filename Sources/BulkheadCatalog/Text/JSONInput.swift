import BulkheadCore
import FoundationEssentials

/// Decoding of JSON package metadata (package.json, package-lock.json, composer files, deps.json)
/// into small lenient `Decodable` types, with a located diagnostic when the text is not JSON.
enum JSONInput {
    /// `text` decoded as `T`, or `nil` and a `corrupt-entry` diagnostic located at the line of the
    /// first syntax error (or at the file when the syntax is valid but the shape is not).
    static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String,
                                     what: String) -> (value: T?, diagnostic: Diagnostic?) {
        let bytes = Array(text.utf8)
        do {
            return (try JSONDecoder().decode(T.self, from: Data(bytes)), nil)
        } catch {
            let line = JSONErrorLocator.firstErrorLine(in: bytes)
            let reason = line == nil ? "has an unexpected shape" : "is not valid JSON"
            return (nil, .catalog(.corruptEntry, "\(what) \(reason); file skipped", file: path, line: line))
        }
    }
}

/// A JSON value read as text when it is a string, number or boolean, and as `nil` for any other
/// shape, so one odd field never fails a whole record.
struct JSONText: Decodable, Sendable, Hashable {
    var value: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            value = string
        } else if let bool = try? container.decode(Bool.self) {
            value = bool ? "true" : "false"
        } else if let int = try? container.decode(Int.self) {
            value = String(int)
        } else if let double = try? container.decode(Double.self) {
            value = String(double)
        } else {
            value = nil
        }
    }
}

/// A JSON value that is skipped whatever its shape (for records whose fields are read leniently).
struct JSONIgnored: Decodable, Sendable {
    init(from decoder: any Decoder) throws {}
}

/// Keys of any JSON object, for containers read field by field.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// The field as text (`nil` when absent or not a scalar).
    func text(_ key: String) -> String? {
        (try? decodeIfPresent(JSONText.self, forKey: JSONKey(key)))?.value
    }

    /// The field as a boolean (`true` only for JSON `true`).
    func flag(_ key: String) -> Bool {
        (try? decodeIfPresent(Bool.self, forKey: JSONKey(key))) ?? false
    }

    /// License names from a field that real files write as a string, an `{ "type": … }` object,
    /// or an array of either.
    func licenses(_ key: String) -> [String] {
        guard let value = try? decodeIfPresent(JSONLicenses.self, forKey: JSONKey(key)) else { return [] }
        return value.names
    }
}

/// License names from `"MIT"`, `{"type": "MIT", "url": …}` or an array of those.
struct JSONLicenses: Decodable, Sendable {
    var names: [String]

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer().decode(String.self) {
            names = [single]
        } else if let object = try? decoder.container(keyedBy: JSONKey.self) {
            names = object.text("type").map { [$0] } ?? []
        } else if var array = try? decoder.unkeyedContainer() {
            var out: [String] = []
            while !array.isAtEnd, out.count < 64 {
                guard let item = try? array.decode(JSONLicenseItem.self) else { break }
                if let name = item.name { out.append(name) }
            }
            names = out
        } else {
            names = []
        }
        names = names.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

/// One element of a license array: a string or an `{ "type": … }` object.
private struct JSONLicenseItem: Decodable {
    var name: String?

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer().decode(String.self) {
            name = single
        } else if let object = try? decoder.container(keyedBy: JSONKey.self) {
            name = object.text("type")
        } else {
            name = nil
        }
    }
}
