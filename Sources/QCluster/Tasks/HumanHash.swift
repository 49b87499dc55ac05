/// Human-readable names for task and cluster ids, compatible with Django Q's humanhash.
///
/// The id's bytes are folded into four by XOR and each byte picks a word from a fixed list
/// of 256, so the same id always gives the same name (`three-georgia-xray-jig`). Names are
/// for people, not for lookups: four bytes collide far more often than sixteen.
public enum HumanHash {
    /// Folds `bytes` into `words` words joined by `separator`.
    public static func humanize(_ bytes: [UInt8], words: Int = 4, separator: String = "-") -> String {
        withFolded(bytes, words: words) { folded in
            String(unsafeUninitializedCapacity: length(of: folded, separator: separator)) { write(folded, separator: separator, to: $0) }
        }
    }

    /// ``humanize(_:words:separator:)`` as UTF-8 bytes.
    public static func humanizedUTF8(_ bytes: [UInt8], words: Int = 4, separator: String = "-") -> [UInt8] {
        withFolded(bytes, words: words) { folded in
            [UInt8](unsafeUninitializedCapacity: length(of: folded, separator: separator)) { out, count in
                count = write(folded, separator: separator, to: out)
            }
        }
    }

    /// The word indexes of a name in the default form (four words of the list joined by `-`),
    /// or nil when `name` is not one: what ``folds(_:to:)`` compares an id with.
    public static func wordIndexes(ofName name: String) -> [UInt8]? {
        let words = name.split(separator: "-", omittingEmptySubsequences: false)
        guard words.count == 4 else { return nil }
        var indexes: [UInt8] = []
        for word in words {
            guard let index = wordIndex[String(word)] else { return nil }
            indexes.append(index)
        }
        return indexes
    }

    /// Whether `bytes` humanize to the words `indexes` (``wordIndexes(ofName:)``), without
    /// building the name: a look-up by name compares it with every stored task's id.
    public static func folds(_ bytes: [UInt8], to indexes: [UInt8]) -> Bool {
        withFolded(bytes, words: indexes.count) { folded in folded.elementsEqual(indexes) }
    }

    /// Each word's index in ``wordList``.
    private static let wordIndex: [String: UInt8] = Dictionary(uniqueKeysWithValues: wordList.enumerated().map { ($1, UInt8($0)) })

    /// Calls `body` with the word indexes: `bytes` XOR-folded into `words` segments (the last
    /// takes the rest), on the stack. With the name's exact length known from them, naming a
    /// task (a worker and the monitor name every task, a bulk enqueue every line) allocates the
    /// name and nothing else (an array allocation is a malloc and a metadata look-up each).
    private static func withFolded<Result>(_ bytes: [UInt8], words: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        precondition(words > 0 && bytes.count >= words, "need at least as many bytes as words")
        let segmentSize = bytes.count / words
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: words) { folded in
            for word in 0..<words {
                var value: UInt8 = 0
                for byte in bytes[word * segmentSize..<(word == words - 1 ? bytes.count : (word + 1) * segmentSize)] { value ^= byte }
                folded.initializeElement(at: word, to: value)
            }
            return body(UnsafeBufferPointer(folded))
        }
    }

    private static func length(of folded: UnsafeBufferPointer<UInt8>, separator: String) -> Int {
        var length = separator.utf8.count * (folded.count - 1)
        for word in folded { length += Int(wordStarts[Int(word) + 1] - wordStarts[Int(word)]) }
        return length
    }

    /// Writes the name of `folded` (exactly ``length(of:separator:)`` bytes); returns its length.
    private static func write(_ folded: UnsafeBufferPointer<UInt8>, separator: String, to out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var at = 0
        wordText.withUnsafeBufferPointer { text in
            for (index, word) in folded.enumerated() {
                if index > 0 {
                    for byte in separator.utf8 {
                        out[at] = byte
                        at += 1
                    }
                }
                for offset in Int(wordStarts[Int(word)])..<Int(wordStarts[Int(word) + 1]) {
                    out[at] = text[offset]
                    at += 1
                }
            }
        }
        return at
    }

    /// ``wordList`` as UTF-8, back to back, and where each word starts (with the end as a 257th
    /// start): one buffer instead of 256 arrays, which cost a retain and a release per word.
    private static let wordText: [UInt8] = wordList.flatMap(\.utf8)
    private static let wordStarts: [UInt16] = wordList.reduce(into: [0]) { starts, word in starts.append(starts.last! + UInt16(word.utf8.count)) }

    /// The 256 words of Django Q's (public domain) humanhash list, in its order.
    static let wordList: [String] = [
        "ack", "alabama", "alanine", "alaska", "alpha", "angel", "apart", "april", "arizona",
        "arkansas", "artist", "asparagus", "aspen", "august", "autumn", "avocado", "bacon",
        "bakerloo", "batman", "beer", "berlin", "beryllium", "black", "blossom", "blue",
        "bluebird", "bravo", "bulldog", "burger", "butter", "california", "carbon", "cardinal",
        "carolina", "carpet", "cat", "ceiling", "charlie", "chicken", "coffee", "cola", "cold",
        "colorado", "comet", "connecticut", "crazy", "cup", "dakota", "december", "delaware",
        "delta", "diet", "don", "double", "early", "earth", "east", "echo", "edward", "eight",
        "eighteen", "eleven", "emma", "enemy", "equal", "failed", "fanta", "fifteen", "fillet",
        "finch", "fish", "five", "fix", "floor", "florida", "football", "four", "fourteen",
        "foxtrot", "freddie", "friend", "fruit", "gee", "georgia", "glucose", "golf", "green",
        "grey", "hamper", "happy", "harry", "hawaii", "helium", "high", "hot", "hotel",
        "hydrogen", "idaho", "illinois", "india", "indigo", "ink", "iowa", "island", "item",
        "jersey", "jig", "johnny", "juliet", "july", "jupiter", "kansas", "kentucky", "kilo",
        "king", "kitten", "lactose", "lake", "lamp", "lemon", "leopard", "lima", "lion",
        "lithium", "london", "louisiana", "low", "magazine", "magnesium", "maine", "mango",
        "march", "mars", "maryland", "massachusetts", "may", "mexico", "michigan", "mike",
        "minnesota", "mirror", "mississippi", "missouri", "mobile", "mockingbird", "monkey",
        "montana", "moon", "mountain", "muppet", "music", "nebraska", "neptune", "network",
        "nevada", "nine", "nineteen", "nitrogen", "north", "november", "nuts", "october",
        "ohio", "oklahoma", "one", "orange", "oranges", "oregon", "oscar", "oven", "oxygen",
        "papa", "paris", "pasta", "pennsylvania", "pip", "pizza", "pluto", "potato", "princess",
        "purple", "quebec", "queen", "quiet", "red", "river", "robert", "robin", "romeo",
        "rugby", "sad", "salami", "saturn", "september", "seven", "seventeen", "shade",
        "sierra", "single", "sink", "six", "sixteen", "skylark", "snake", "social", "sodium",
        "solar", "south", "spaghetti", "speaker", "spring", "stairway", "steak", "stream",
        "summer", "sweet", "table", "tango", "ten", "tennessee", "tennis", "texas", "thirteen",
        "three", "timing", "triple", "twelve", "twenty", "two", "uncle", "undress", "uniform",
        "uranus", "utah", "vegan", "venus", "vermont", "victor", "video", "violet", "virginia",
        "washington", "west", "whiskey", "white", "william", "winner", "winter", "wisconsin",
        "wolfram", "wyoming", "xray", "yankee", "yellow", "zebra", "zulu",
    ]
}
