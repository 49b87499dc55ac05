/// One server-sent event: what the page's script does with it (its name) and its data.
struct ServerEvent: Sendable, Equatable {
    let name: String
    let data: String

    /// The event as the stream writes it: each line of the data on a `data:` line of its own.
    /// A lone carriage return (a progress bar's) ends a line too: the browser reads it as one,
    /// and would take the rest of the line for a field of its own.
    var encoded: String {
        var text = "event: \(name)\n"
        var line = ""
        for character in data {
            if character == "\n" || character == "\r\n" || character == "\r" {
                text += "data: \(line)\n"
                line = ""
            } else {
                line.append(character)
            }
        }
        return text + "data: \(line)\n\n"
    }
}
