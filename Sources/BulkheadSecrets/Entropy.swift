import Foundation

/// Shannon entropy of a string's characters, in bits per character.
///
/// Random tokens score high (hex ≈ 4, base64 ≈ 5–6 for 40+ characters); words, placeholders and
/// repeated characters score low. Used with a length floor: short strings cannot score high.
public enum Entropy {
    public static func shannon(_ text: some StringProtocol) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        var n = 0
        for b in text.utf8 { counts[Int(b)] += 1; n += 1 }
        guard n > 0 else { return 0 }
        var h = 0.0
        let total = Double(n)
        for c in counts where c > 0 {
            let p = Double(c) / total
            h -= p * log2(p)
        }
        return h
    }
}
