import BulkheadSecrets
import Foundation
import Testing

/// The labelled corpus (Corpus/README.md): written independently of the detector, scored by
/// (file, line) exactly as bench/compare-secrets scores the peers.
@Suite("Secrets corpus")
struct SecretCorpusTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func rows(_ corpus: String, _ name: String) throws -> [[String]] {
        let text = try String(contentsOfFile: corpus + "/" + name, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("precision and recall on the labelled corpora are at least 0.95", arguments: ["Corpus", "Corpus2"])
    func precisionRecall(_ name: String) throws {
        let corpus = Self.here.appendingPathComponent(name).path
        var labels: [String: String] = [:]      // "file:line" → label key
        for r in try Self.rows(corpus, "labels.tsv") where r.count >= 2 { labels["\(r[0]):\(r[1])"] = "\(r[0]):\(r[1])" }
        for r in try Self.rows(corpus, "spans.tsv") where r.count >= 4 {
            guard let start = Int(r[2]), let end = Int(r[3]) else { continue }
            for line in start...end { labels["\(r[0]):\(line)"] = "\(r[0]):\(r[1])" }
        }
        let truth = Set(labels.values)
        #expect(truth.count > 90)
        let result = DirectorySecretScan(scanner: try SecretScanner()).scan(root: corpus + "/files")
        let reported = Set(result.matches.map { "\($0.path):\($0.line)" })
        let truePositives = reported.filter { labels[$0] != nil }
        let found = Set(truePositives.compactMap { labels[$0] })
        let precision = Double(truePositives.count) / Double(max(1, reported.count))
        let recall = Double(found.count) / Double(truth.count)
        let falsePositives = reported.subtracting(truePositives).sorted()
        let missed = truth.subtracting(found).sorted()
        #expect(precision >= 0.95, "precision \(precision); false positives: \(falsePositives.prefix(20))")
        #expect(recall >= 0.95, "recall \(recall); missed: \(missed.prefix(20))")
        #expect(result.filesScanned >= 70)
    }
}
