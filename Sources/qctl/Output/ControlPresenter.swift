import QCluster

/// The tasks a control command acted on: a line each (`<id> <name> <verb>`), or JSON.
enum ControlPresenter {
    static func print(_ messages: [TaskMessage], verb: String, json: Bool) {
        if json {
            Terminal.print(JSONValue.array(messages.map { message in
                .object([("id", .string(message.id.hex)), ("name", .string(message.name)), ("cluster", .string(message.cluster)),
                         ("action", .string(verb))])
            }).rendered())
            return
        }
        if messages.isEmpty { Terminal.print("no task was \(verb)") }
        for message in messages { Terminal.print("\(message.id.hex) \(message.name) \(verb)") }
    }
}
