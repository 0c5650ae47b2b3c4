extension String.UTF8View {
    /// Byte-wise substring test: much cheaper than `String.contains(_:)`, which works on
    /// grapheme clusters. Right for ASCII needles such as paths and flags.
    func containsBytes(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        let hay = Array(self)
        guard hay.count >= n.count else { return false }
        var i = 0
        let last = hay.count - n.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < n.count, hay[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
