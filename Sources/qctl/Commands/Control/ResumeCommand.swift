import ArgumentParser
import QCluster

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused cluster's queue.",
        discussion: """
        EXAMPLES:
          qctl resume
          qctl resume --cluster long
        """
    )

    @OptionGroup var queue: QueueOptions

    func run() throws {
        try queue.set(paused: false)
    }
}
