import Foundation

/// Runs an external oracle (Python's jsonschema, pyspdxtools, …) on a document written to a
/// temporary file, for tests that check our output against an independent implementation.
public enum Oracle {
    /// Writes `document` to a temporary `*.ext` file, runs `arguments + [file]` through
    /// `/usr/bin/env`, and returns the exit status with stdout and stderr combined.
    public static func run(_ arguments: [String], document: String, ext: String) throws -> (status: Int32, output: String) {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-\(UUID().uuidString).\(ext)")
        try document.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments + [tmp.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension Oracle {
    /// The Python interpreter that has the oracle modules (`packaging`, `rpm`, `cvss`):
    /// `$BULKHEAD_ORACLE_PYTHON`, else the venv `.ci/run` makes at `/opt/bulkhead-oracles`
    /// (Debian's python3-rpm and python3-packaging plus `cvss` from PyPI), else `/usr/bin/python3`.
    public static var python: String {
        if let env = ProcessInfo.processInfo.environment["BULKHEAD_ORACLE_PYTHON"], !env.isEmpty { return env }
        let venv = "/opt/bulkhead-oracles/bin/python3"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    /// Runs `python -c script` with `input` on stdin and returns stdout; throws with stderr when
    /// the interpreter or a module is missing (an oracle that cannot run fails the test loudly).
    public static func python(_ script: String, input: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        // An interpreter that exits early (missing module) must fail the test, not kill the
        // test process with SIGPIPE while we write its input.
        signal(SIGPIPE, SIG_IGN)
        try p.run()
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errData = DispatchQueue.global()
        nonisolated(unsafe) var errBytes = Data()
        let group = DispatchGroup()
        group.enter()
        errData.async { errBytes = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw OracleError(message: "oracle \(python) exited \(p.terminationStatus): \(String(decoding: errBytes, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An oracle could not run (interpreter or module missing, script failed).
public struct OracleError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Oracle {
    /// Validates a JSON document against a JSON Schema with Python's `jsonschema` (an independent
    /// validator), resolving `$ref`s to the other schemas in the schema's directory (CycloneDX
    /// refers to SPDX's and JSF's). Returns the exit status (0 = valid) and up to ten errors.
    public static func validateJSONSchema(_ document: String, schema: URL) throws -> (status: Int32, output: String) {
        let script = """
            import json, sys, pathlib
            import jsonschema
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT7
            schema_path = pathlib.Path(sys.argv[1])
            resources = []
            for f in sorted(schema_path.parent.glob('*.json')):
                try:
                    s = json.load(open(f))
                except ValueError:
                    continue
                if isinstance(s, dict) and '$id' in s:
                    resources.append((s['$id'], Resource.from_contents(s, default_specification=DRAFT7)))
            registry = Registry().with_resources(resources)
            schema = json.load(open(schema_path))
            doc = json.load(open(sys.argv[2]))
            cls = jsonschema.validators.validator_for(schema)
            v = cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)
            errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
            for e in errors[:10]: print(list(e.path), e.message[:300])
            sys.exit(1 if errors else 0)
            """
        return try run(["python3", "-c", script, schema.path], document: document, ext: "json")
    }
}
