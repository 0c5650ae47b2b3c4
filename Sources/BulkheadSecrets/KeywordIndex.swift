/// A case-insensitive multi-keyword matcher (Aho–Corasick) over raw bytes: one table lookup per
/// input byte, whatever the number of keywords.
///
/// Keywords are ASCII; input bytes are folded to lower case through the class table, so the
/// automaton never allocates and never copies the text. Bytes that occur in no keyword share one
/// class, which keeps the transition table small enough to stay in the first-level cache.
public struct KeywordIndex: Sendable {
    /// The keywords, lower-cased, in the order given.
    public let keywords: [String]
    /// Byte → character class (0 = a byte that occurs in no keyword).
    let classes: [UInt8]
    let classCount: Int
    /// `next[state * classCount + class]`: the complete (failure-resolved) transition function.
    let next: [Int32]
    /// `outputs[state]`: the keywords that end in `state` (its own and its failure chain's).
    let outputs: [[Int32]]
    /// `terminal[state]`: whether `outputs[state]` is non-empty (the hot loop reads only this).
    let terminal: [Bool]
    let keywordLengths: [Int]

    /// - Parameter keywords: ASCII keywords; case is ignored; empty keywords are dropped.
    public init(_ keywords: [String]) {
        let lowered = keywords.map { $0.lowercased() }
        self.keywords = lowered
        keywordLengths = lowered.map(\.utf8.count)
        // Character classes: one per distinct (lower-case) keyword byte.
        var classes = [UInt8](repeating: 0, count: 256)
        var count = 1
        for k in lowered { for b in k.utf8 where classes[Int(b)] == 0 { classes[Int(b)] = UInt8(count); count += 1 } }
        precondition(count < 256, "too many distinct keyword bytes")
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { classes[Int(b)] = classes[Int(b | 0x20)] }
        self.classes = classes
        classCount = count
        // Trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: count)]
        var out: [[Int32]] = [[]]
        for (i, k) in lowered.enumerated() where !k.isEmpty {
            var s = 0
            for b in k.utf8 {
                let c = Int(classes[Int(b)])
                if goto[s][c] < 0 {
                    goto[s][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: count))
                    out.append([])
                }
                s = Int(goto[s][c])
            }
            out[s].append(Int32(i))
        }
        // Breadth-first failure links, folded into a complete transition table.
        var fail = [Int32](repeating: 0, count: goto.count)
        var table = [Int32](repeating: 0, count: goto.count * count)
        var queue: [Int] = []
        for c in 0..<count {
            let t = goto[0][c]
            if t >= 0 { table[c] = t; fail[Int(t)] = 0; queue.append(Int(t)) } else { table[c] = 0 }
        }
        var head = 0
        while head < queue.count {
            let s = queue[head]; head += 1
            out[s] += out[Int(fail[s])]
            for c in 0..<count {
                let t = goto[s][c]
                if t >= 0 {
                    fail[Int(t)] = table[Int(fail[s]) * count + c]
                    table[s * count + c] = t
                    queue.append(Int(t))
                } else {
                    table[s * count + c] = table[Int(fail[s]) * count + c]
                }
            }
        }
        next = table
        outputs = out
        terminal = out.map { !$0.isEmpty }
    }

    /// Calls `hit(keyword, start)` for every occurrence of every keyword in `bytes`, in order of
    /// the occurrence's end; `start` is the offset of its first byte.
    @inline(__always)
    public func scan(_ bytes: UnsafeRawBufferPointer, _ hit: (_ keyword: Int, _ start: Int) -> Void) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = bytes.count
        classes.withUnsafeBufferPointer { cls in
            next.withUnsafeBufferPointer { nxt in
                terminal.withUnsafeBufferPointer { term in
                    let cc = classCount
                    var state = 0
                    var i = 0
                    while i < n {
                        state = Int(nxt[state &* cc &+ Int(cls[Int(base[i])])])
                        if term[state] {
                            for k in outputs[state] { hit(Int(k), i + 1 - keywordLengths[Int(k)]) }
                        }
                        i &+= 1
                    }
                }
            }
        }
    }
}
