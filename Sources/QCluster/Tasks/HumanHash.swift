/// Human-readable names for task and cluster ids, compatible with Django Q's humanhash.
///
/// The id's bytes are folded into four by XOR and each byte picks a word from a fixed list
/// of 256, so the same id always gives the same name (`three-georgia-xray-jig`). Names are
/// for people, not for lookups: four bytes collide far more often than sixteen.
public enum HumanHash {
    /// Folds `bytes` into `words` words joined by `separator`.
    public static func humanize(_ bytes: [UInt8], words: Int = 4, separator: String = "-") -> String {
        String(decoding: humanizedUTF8(bytes, words: words, separator: separator), as: UTF8.self)
    }

    /// ``humanize(_:words:separator:)`` as UTF-8 bytes, built without intermediate Strings
    /// (a bulk enqueue makes one per task, for the name index).
    public static func humanizedUTF8(_ bytes: [UInt8], words: Int = 4, separator: String = "-") -> [UInt8] {
        precondition(words > 0 && bytes.count >= words, "need at least as many bytes as words")
        let segmentSize = bytes.count / words
        var folded = [UInt8](repeating: 0, count: words)
        for (index, byte) in bytes.enumerated() {
            folded[min(index / segmentSize, words - 1)] ^= byte
        }
        var name: [UInt8] = []
        name.reserveCapacity(words * 9)
        for (index, byte) in folded.enumerated() {
            if index > 0 { name.append(contentsOf: separator.utf8) }
            name.append(contentsOf: wordBytes[Int(byte)])
        }
        return name
    }

    /// ``wordList`` as UTF-8, copied once: appending a String's UTF-8 view walks it byte by
    /// byte, and a worker names every task it runs.
    private static let wordBytes: [[UInt8]] = wordList.map { Array($0.utf8) }

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
